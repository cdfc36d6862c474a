package io.veritrace.tests;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.CheckMeter;
import io.veritrace.actors.ClusterNodeConfig;
import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** Cluster nodes on 127.0.0.1 in this JVM, every message serialised (CBOR) as between processes. */
final class ClusterNodes {
  private ClusterNodes() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static Config config(int port, int seedPort, String role) {
    Config overrides = ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        pekko.actor.serialize-creators = off
        pekko.loglevel = WARNING
        pekko.remote.artery.canonical.port = %d
        veritrace.cluster.seed-nodes = "127.0.0.1:%d"
        pekko.cluster.split-brain-resolver.stable-after = 3s
        # several nodes share two busy cores here: no node is lost for a slow heartbeat
        pekko.cluster.failure-detector.acceptable-heartbeat-pause = 10s
        pekko.coordinated-shutdown.exit-jvm = off
        """.formatted(port, seedPort));
    return ClusterNodeConfig.of(overrides, List.of(role));
  }

  static Veritrace start(int port, int seedPort, String role, Reasoner reasoner, Supplier<CheckSuite> suites, CheckMeter meter) {
    LoopPolicy policy = new LoopPolicy(4, Duration.ofSeconds(30), Duration.ofSeconds(10), false, true);
    return Veritrace.start(new LoopComponents(reasoner, suites, new RepairingCorrector(), policy, null, 2),
        config(port, seedPort, role), meter);
  }

  /** Waits until {@code node} sees {@code n} members Up. */
  static void awaitUp(Veritrace node, int n) throws InterruptedException {
    Cluster cluster = Cluster.get(node.system());
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < until) {
      int up = 0;
      for (var m : cluster.state().getMembers()) if (m.status() == MemberStatus.up()) up++;
      if (up >= n) return;
      Thread.sleep(50);
    }
    throw new AssertionError("the cluster did not reach " + n + " members Up: " + cluster.state().getMembers());
  }

  /** The standard checks plus a verifier that takes {@code millis}: a busy node. */
  static Supplier<CheckSuite> slowed(long millis) {
    return withVerifier(() -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** The standard checks plus a verifier that waits for {@code released}: a node that hangs. */
  static Supplier<CheckSuite> hung(CountDownLatch released) {
    return withVerifier(() -> {
      try {
        released.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private static Supplier<CheckSuite> withVerifier(Runnable delay) {
    return () -> {
      CheckSuite s = CheckSuite.standard();
      List<Verifier> verifiers = new ArrayList<>(s.verifiers());
      verifiers.add(new Verifier() {
        public String name() {
          return "delay";
        }

        public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
          delay.run();
          return List.of();
        }
      });
      return new CheckSuite(s.stepChecks(), verifiers);
    };
  }

  /** Counts what one node's verifier service serves, and what a frontend retries. */
  static final class Counting implements CheckMeter {
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();
    final ConcurrentHashMap<String, Integer> outstanding = new ConcurrentHashMap<>();

    public void served() {
      served.incrementAndGet();
    }

    public void outstanding(String node, int inFlight) {
      outstanding.put(node, inFlight);
    }

    public void retried(String node) {
      retried.incrementAndGet();
    }
  }
}

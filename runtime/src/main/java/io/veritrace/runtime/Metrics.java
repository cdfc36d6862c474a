package io.veritrace.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Step;
import io.veritrace.core.StepCheck;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.CheckSuite;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import kamon.Kamon;

/**
 * The runtime's metrics through Kamon, scraped by Prometheus from its own port: queries by
 * outcome, rounds per query, checker latency by checker, reasoner latency and errors, sessions in
 * flight. Recording before {@link #start} goes to Kamon's no-op defaults.
 */
public final class Metrics {
  private Metrics() {}

  /**
   * Starts Kamon with the Prometheus endpoint on {@code host:port}.
   *
   * @throws IllegalStateException in one line when the port is taken (Kamon would log a stack
   *     trace and carry on, leaving another process's endpoint announced as this one's)
   */
  public static void start(String host, int port) {
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      probe.bind(new java.net.InetSocketAddress(host, port));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the metrics port " + host + ":" + port + " is not free (" + e.getMessage()
          + "); choose another with --metrics-port or veritrace.metrics.port, or set veritrace.metrics.enabled = off");
    }
    Config config = ConfigFactory.parseString(
        "kamon.prometheus.embedded-server.hostname = \"" + host + "\"\n"
            + "kamon.prometheus.embedded-server.port = " + port + "\n"
            + "kamon.prometheus.start-embedded-http-server = yes\n"
            + "kamon.metric.tick-interval = 1 second\n")
        .withFallback(ConfigFactory.load());
    Kamon.init(config);
  }

  public static void stop() throws Exception {
    scala.concurrent.Await.result(Kamon.stop(), scala.concurrent.duration.Duration.create(10, "seconds"));
  }

  /**
   * Counts the journal's failed appends (full disk, lost database, full queue) as {@code
   * veritrace_journal_failed_appends_total}, read once a second.
   */
  public static void watch(TraceJournal journal) {
    java.util.concurrent.ScheduledExecutorService tick = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "journal-metrics");
      t.setDaemon(true);
      return t;
    });
    long[] seen = {0};
    tick.scheduleAtFixedRate(() -> {
      long failed = journal.failedAppends();
      if (failed > seen[0]) Kamon.counter("veritrace.journal.failed-appends").withoutTags().increment(failed - seen[0]);
      seen[0] = failed;
    }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  public static void finished(QueryResult r) {
    Kamon.counter("veritrace.queries").withTag("outcome", r.outcome().name()).increment();
    Kamon.histogram("veritrace.rounds").withoutTags().record(r.rounds());
  }

  public static void sessionStarted() {
    Kamon.rangeSampler("veritrace.sessions.in-flight").withoutTags().increment();
  }

  public static void sessionEnded() {
    Kamon.rangeSampler("veritrace.sessions.in-flight").withoutTags().decrement();
  }

  /** {@code suites}, with every step check and verifier timed by name. */
  public static Supplier<CheckSuite> timed(Supplier<CheckSuite> suites) {
    return () -> {
      CheckSuite s = suites.get();
      return new CheckSuite(s.stepChecks().stream().map(Metrics::timed).toList(), s.verifiers().stream().map(Metrics::timed).toList());
    };
  }

  private static StepCheck timed(StepCheck c) {
    return new StepCheck() {
      public String name() {
        return c.name();
      }

      public List<Verdict> check(Query query, Step step) {
        long t0 = System.nanoTime();
        try {
          return c.check(query, step);
        } finally {
          Kamon.timer("veritrace.checker.latency").withTag("checker", c.name()).record(System.nanoTime() - t0);
        }
      }
    };
  }

  private static Verifier timed(Verifier v) {
    return new Verifier() {
      public String name() {
        return v.name();
      }

      public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
        long t0 = System.nanoTime();
        try {
          return v.verify(query, proposal, stepVerdicts);
        } finally {
          Kamon.timer("veritrace.checker.latency").withTag("checker", v.name()).record(System.nanoTime() - t0);
        }
      }
    };
  }

  /** {@code r}, with its latency and errors counted. */
  public static Reasoner timed(Reasoner r) {
    return new Reasoner() {
      public String name() {
        return r.name();
      }

      public CompletionStage<Proposal> propose(ReasonerRequest request) {
        long t0 = System.nanoTime();
        return r.propose(request).whenComplete((p, e) -> {
          Kamon.timer("veritrace.reasoner.latency").withTag("reasoner", r.name()).record(System.nanoTime() - t0);
          if (e != null) Kamon.counter("veritrace.reasoner.errors").withTag("reasoner", r.name()).increment();
        });
      }
    };
  }
}

package io.veritrace.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.CheckMeter;
import io.veritrace.actors.CheckRouter;
import io.veritrace.actors.ClusterNodeConfig;
import io.veritrace.actors.RoundChecker;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.steps.StepParser;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Routers;

/**
 * Check throughput across cluster nodes, in one run: the same GSM8K checks (step checks, then the
 * whole-proposal verifiers, as the loop sends them) through in-process checker pools, then through
 * a frontend's verifier pool to one verifier node (a separate JVM), then to two. Reports checks
 * per second, wall time per check, and CPU time per check for each process, so the scaling can be
 * read off on a machine with few cores.
 *
 * <pre>java -cp "simulations/target/classes:simulations/target/lib/*" io.veritrace.simulations.ClusterBench [CHECKS] [IN_FLIGHT]</pre>
 */
public final class ClusterBench {

  private record Item(Query query, Proposal proposal) {}

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    int checks = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    List<Item> items = gsm8k(Path.of(System.getProperty("gsm8k", "data/gsm8k/train.jsonl")));
    System.err.printf("cluster bench: %d check requests a phase (half step checks, half verifiers), %d in flight, %d cores%n",
        checks, inFlight, Runtime.getRuntime().availableProcessors());

    ActorSystem<CheckRouter.Command> local = ActorSystem.create(Local.create(), "bench-local", ConfigFactory.load());
    Phase inProcess = run("in-process pools", items, checks, inFlight, local.scheduler(), local, List.of());
    local.terminate();
    local.getWhenTerminated().toCompletableFuture().join();

    int seed = freePort();
    Config frontendConfig = ClusterNodeConfig.of(ConfigFactory.parseString(
        "pekko.remote.artery.canonical.port = " + seed + "\nveritrace.cluster.seed-nodes = \"127.0.0.1:" + seed + "\""), List.of("frontend"));
    Set<String> nodes = ConcurrentHashMap.newKeySet();
    CheckMeter seen = new CheckMeter() {
      public void outstanding(String node, int n) {
        nodes.add(node);
      }
    };
    ActorSystem<CheckRouter.Command> frontend = ActorSystem.create(CheckRouter.create(CheckRouter.Settings.from(frontendConfig), seen),
        "veritrace", frontendConfig);
    List<Verifier> verifiers = new ArrayList<>();
    try {
      verifiers.add(Verifier.start(seed));
      await(nodes, 1);
      Phase one = run("one verifier node", items, checks, inFlight, frontend.scheduler(), frontend, verifiers);
      verifiers.add(Verifier.start(seed));
      await(nodes, 2);
      Phase two = run("two verifier nodes", items, checks, inFlight, frontend.scheduler(), frontend, verifiers);

      System.out.printf("%n%-20s %12s %14s %22s%n", "", "checks/s", "wall µs/check", "CPU µs/check by process");
      for (Phase p : List.of(inProcess, one, two)) System.out.printf("%-20s %12.0f %14.1f   %s%n", p.name, p.perSecond(), p.wallMicros(), p.cpu);
      System.out.printf("%ncrossing nodes, one verifier: %.2fx the in-process wall time per check; CPU per check %.1f µs (frontend + verifier)"
          + " against %.1f µs in-process%n", one.wallMicros() / inProcess.wallMicros(), one.totalCpuMicros(), inProcess.totalCpuMicros());
      System.out.printf("two verifier nodes: %.2fx the throughput of one%n", two.perSecond() / one.perSecond());
    } finally {
      for (Verifier v : verifiers) v.process.destroy();
      frontend.terminate();
    }
  }

  /** The in-process baseline: the same checker pool a single node runs, on the same dispatcher. */
  private static final class Local {
    static Behavior<CheckRouter.Command> create() {
      return Behaviors.setup(ctx -> {
        DispatcherSelector checking = DispatcherSelector.fromConfig("veritrace.checker-dispatcher");
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        ActorRef<RoundChecker.Command> checkers = ctx.spawn(Routers.pool(n, Behaviors.<RoundChecker.Command>setup(c -> RoundChecker.create(CheckSuite.standard())))
            .withRouteeProps(checking), "checkers");
        return Behaviors.receive(CheckRouter.Command.class)
            .onMessage(RoundChecker.Check.class, m -> {
              checkers.tell(m);
              return Behaviors.same();
            })
            .build();
      });
    }
  }

  /** A verifier node in its own JVM: {@code veritrace serve --role verifier}. */
  private record Verifier(Process process, int metricsPort) {
    static Verifier start(int seed) throws IOException {
      int metrics = freePort();
      List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
          "-cp", System.getProperty("java.class.path"), "io.veritrace.runtime.Main", "serve", "--role", "verifier", "--backend", "simulated",
          "--cluster-port", "" + freePort(), "--seed-nodes", "127.0.0.1:" + seed, "--metrics-port", "" + metrics);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return new Verifier(p, metrics);
    }

    long cpuNanos() {
      return process.info().totalCpuDuration().orElseThrow().toNanos();
    }

    int served() {
      try {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^veritrace_checks_served_total ([0-9.eE+]+)$").matcher(body);
        return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("cannot read the verifier's metrics", e);
      }
    }
  }

  private static final class Phase {
    final String name;
    final int checks;
    final long wallNanos;
    final StringBuilder cpu = new StringBuilder();
    double cpuMicrosTotal;

    Phase(String name, int checks, long wallNanos) {
      this.name = name;
      this.checks = checks;
      this.wallNanos = wallNanos;
    }

    double perSecond() {
      return checks / (wallNanos / 1e9);
    }

    double wallMicros() {
      return wallNanos / 1e3 / checks;
    }

    double totalCpuMicros() {
      return cpuMicrosTotal;
    }

    void cpu(String who, long nanos, int served) {
      double perCheck = nanos / 1e3 / Math.max(1, served);
      cpuMicrosTotal += nanos / 1e3 / checks;
      cpu.append(String.format("%s %.1f (%d checks)  ", who, perCheck, served));
    }
  }

  private static Phase run(String name, List<Item> items, int checks, int inFlight, org.apache.pekko.actor.typed.Scheduler scheduler,
      ActorRef<CheckRouter.Command> target, List<Verifier> verifiers) throws Exception {
    pass(items, checks / 2, inFlight, scheduler, target); // warm-up
    Thread.sleep(1500); // the verifiers' served counters are published each second
    long self0 = selfCpu();
    long[] cpu0 = verifiers.stream().mapToLong(Verifier::cpuNanos).toArray();
    int[] served0 = verifiers.stream().mapToInt(Verifier::served).toArray();
    long t0 = System.nanoTime();
    pass(items, checks, inFlight, scheduler, target);
    long wall = System.nanoTime() - t0;
    long self = selfCpu() - self0;
    Thread.sleep(1500);
    Phase p = new Phase(name, checks, wall);
    p.cpu(verifiers.isEmpty() ? "this JVM" : "frontend", self, checks);
    for (int i = 0; i < verifiers.size(); i++) {
      Verifier v = verifiers.get(i);
      p.cpu("verifier-" + (i + 1), v.cpuNanos() - cpu0[i], v.served() - served0[i]);
    }
    System.err.printf("%s: %.0f checks/s%n", name, p.perSecond());
    return p;
  }

  /** {@code checks} requests, each a round's step checks and verifiers of a GSM8K solution, {@code inFlight} at a time. */
  private static void pass(List<Item> items, int checks, int inFlight, org.apache.pekko.actor.typed.Scheduler scheduler,
      ActorRef<CheckRouter.Command> target) throws Exception {
    Semaphore slots = new Semaphore(inFlight);
    Duration timeout = Duration.ofSeconds(60);
    List<CompletableFuture<?>> all = new ArrayList<>(checks);
    for (int i = 0; i < checks; i++) {
      slots.acquire();
      Item it = items.get(i % items.size());
      CompletionStage<?> reply = AskPattern.<CheckRouter.Command, RoundChecker.Checked>ask(target,
          r -> new RoundChecker.Check(0, it.query(), it.proposal(), r), timeout, scheduler);
      all.add(reply.toCompletableFuture().whenComplete((r, e) -> slots.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  private static long selfCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void await(Set<String> nodes, int n) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (nodes.size() < n) {
      if (System.nanoTime() > until) throw new IllegalStateException("verifier node " + n + " did not join in 120 s");
      Thread.sleep(100);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static List<Item> gsm8k(Path file) throws IOException {
    ObjectMapper om = new ObjectMapper();
    List<Item> items = new ArrayList<>();
    int i = 0;
    for (String line : Files.readAllLines(file)) {
      JsonNode j = om.readTree(line);
      items.add(new Item(Query.of("gsm8k-" + i++, j.get("question").asText()), StepParser.parse(j.get("answer").asText(), "gsm8k")));
    }
    return items;
  }
}

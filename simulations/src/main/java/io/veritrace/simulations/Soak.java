package io.veritrace.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.http.ApiSettings;
import io.veritrace.runtime.http.ChatServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounded soaks of the HTTP API on loopback (issue 16), at a fixed heap (run them with {@code -Xmx}).
 *
 * <ul>
 *   <li>{@code Soak SESSIONS TURNS KB SLOW SEED}: many conversations with large messages while slow
 *       clients dribble bodies; prints heap after GC and RSS over time, {@code /health} latency
 *       probed every 100 ms, and whether every answered query is in the journal. The heap is read
 *       from the collector's own reports (used after each collection, the lowest of each 5 s), not
 *       by forcing collections: a forced full GC every few seconds is a pause of its own that the
 *       probes would measure.
 *   <li>{@code Soak connections IDLE}: IDLE idle TCP connections held open while {@code /health} is
 *       probed; then the rest up to {@code max-connections} and one more, which must be a prompt
 *       refusal, not a hang.
 *   <li>{@code Soak conversation TURNS KB}: one conversation of TURNS questions each carrying KB of
 *       text: journal bytes after each turn (linear, not quadratic) and every reply durable.
 *   <li>{@code Soak sessions COUNT KB}: COUNT requests of KB each under distinct session ids, with
 *       the session limits at their defaults: no OutOfMemoryError, every reply answered.
 * </ul>
 *
 * <p>The other three modes run the server in the soak's own JVM: run them with {@code -Xmx}.
 *
 * <pre>java -Xmx256m -cp "simulations/target/classes:simulations/target/lib/*" io.veritrace.simulations.Soak 150 3 200 16 1</pre>
 */
public final class Soak {
  private Soak() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 && !Character.isDigit(args[0].charAt(0)) ? args[0] : "load";
    int code = 1;
    try {
      code = run(mode, args);
    } finally {
      System.exit(code); // also on a failure: the actor system's threads would keep the JVM alive
    }
  }

  private static int run(String mode, String[] args) throws Exception {
    return switch (mode) {
      case "load" -> load(args);
      case "connections" -> connections(args.length > 1 ? Integer.parseInt(args[1]) : 1100);
      case "conversation" -> conversation(args.length > 1 ? Integer.parseInt(args[1]) : 74, args.length > 2 ? Integer.parseInt(args[2]) : 900);
      case "sessions" -> sessions(args.length > 1 ? Integer.parseInt(args[1]) : 234, args.length > 2 ? Integer.parseInt(args[2]) : 900);
      default -> throw new IllegalArgumentException("unknown mode " + mode + "; modes: SESSIONS TURNS KB SLOW SEED | connections IDLE | "
          + "conversation TURNS KB | sessions COUNT KB");
    };
  }

  /** A node with a file journal and the HTTP API on an ephemeral loopback port. */
  private record Served(Path dir, FileTraceJournal journal, Veritrace node, ChatServer server, List<Scenario> tasks) {
    static Served start(String settings, long seed) throws Exception {
      Path dir = Files.createTempDirectory("veritrace-soak");
      Config config = ConfigFactory.parseString("veritrace.http.port = 0\n" + settings).withFallback(ConfigFactory.load()).resolve();
      List<Scenario> tasks = Scenario.mixed(200, seed, 0.0, 0.0);
      FileTraceJournal journal = FileTraceJournal.open(dir.resolve("journal"));
      Veritrace node = Nodes.start(Settings.from(config),
          new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, seed), journal);
      return new Served(dir, journal, node, ChatServer.start(node, ApiSettings.from(config)), tasks);
    }

    String base() {
      return "http://127.0.0.1:" + server.address().getPort();
    }

    /** Closes everything, then returns the ids of the queries in the journal. */
    Set<String> closeAndRead() throws Exception {
      server.close();
      node.close();
      journal.close();
      return journalled(dir.resolve("journal"));
    }

    void delete() throws Exception {
      deleteTree(dir);
    }
  }

  /** The ids of the queries in a closed journal. */
  private static Set<String> journalled(Path journalDir) throws Exception {
    Set<String> journalled = new HashSet<>();
    try (FileTraceJournal reader = FileTraceJournal.openForReading(journalDir)) {
      for (long at = 0; at < reader.end(); ) {
        JournalBatch b = reader.read(at, 8); // a few at a time: a trace may be a megabyte
        for (JournalBatch.Entry e : b.entries()) journalled.add(e.trace().query().id());
        if (b.next() <= at) break;
        at = b.next();
      }
    }
    return journalled;
  }

  private static void deleteTree(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * {@code veritrace serve --backend simulated} in a JVM of its own at heap {@code heap}, with a
   * file journal and its GC log in a temporary folder; the soak's limits as system properties.
   */
  private record ServerProcess(Path dir, Process process, String base, Path gcLog) {
    static ServerProcess start(String heap, List<String> settings) throws Exception {
      Path dir = Files.createTempDirectory("veritrace-soak");
      Path gcLog = dir.resolve("gc.log");
      Path log = dir.resolve("server.log");
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
          "-Xlog:gc:file=" + gcLog, "-Dveritrace.metrics.enabled=off"));
      settings.forEach(s -> cmd.add("-D" + s));
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.veritrace.runtime.Main", "serve", "--backend", "simulated",
          "--port", "0", "--journal", dir.resolve("journal").toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Pattern serving = Pattern.compile("serving the OpenAI-compatible API on (http://[^/\\s]+)/v1");
      long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      HttpClient http = HttpClient.newHttpClient();
      while (System.nanoTime() < until && p.isAlive()) {
        Matcher m = serving.matcher(Files.readString(log));
        if (m.find()) {
          String base = m.group(1);
          try {
            if (http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
              return new ServerProcess(dir, p, base, gcLog);
            }
          } catch (java.io.IOException e) {
            // not listening yet
          }
        }
        sleep(200);
      }
      p.destroyForcibly();
      throw new IllegalStateException("the server did not become ready in 120 s:\n" + Files.readString(log));
    }

    int port() {
      return URI.create(base).getPort();
    }

    /** SIGTERM, which drains the server and closes its journal; its exit code (143, 128 + SIGTERM, when its shutdown hook ran). */
    int stop() throws Exception {
      process.destroy();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the server did not stop within 120 s of SIGTERM");
      }
      return process.exitValue();
    }

    String log() throws Exception {
      return Files.readString(dir.resolve("server.log"));
    }

    /** Asks the server's JVM for a full collection ({@code jcmd GC.run}), so its GC log shows the heap it keeps. */
    void collect() throws Exception {
      Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), "" + process.pid(), "GC.run")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      jcmd.waitFor(60, TimeUnit.SECONDS);
      sleep(500); // the log line is written after the pause
    }
  }

  /**
   * The server's {@code -Xlog:gc} read as it grows: lines such as {@code [12.345s][info][gc] GC(7)
   * Pause Young (Normal) (G1 Evacuation Pause) 120M->35M(256M) 4.567ms}, the heap after the pause
   * and the pause's length.
   */
  private static final class GcLog {
    private static final Pattern PAUSE = Pattern.compile("^\\[([0-9.]+)s\\].*GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\) ([0-9.]+)ms$");
    private final Path file;
    private long read;
    final List<String> slowest = new ArrayList<>();
    String collector = "?";
    double maxPauseMs;
    double totalPauseMs;
    int pauses;
    long lastAfter = -1;

    GcLog(Path file) {
      this.file = file;
    }

    /** The lowest heap after a pause among the lines written since the last call, or -1 if none. */
    synchronized long lowestSinceLast() throws Exception {
      if (!Files.exists(file)) return -1;
      byte[] all = Files.readAllBytes(file);
      int end = all.length;
      while (end > read && all[end - 1] != '\n') end--; // a line still being written waits for the next call
      String fresh = new String(all, (int) read, (int) (end - read), StandardCharsets.UTF_8);
      read = end;
      long lowest = Long.MAX_VALUE;
      for (String line : fresh.split("\n")) {
        if (line.contains("[gc] Using ")) collector = line.substring(line.indexOf("Using ") + 6).strip();
        Matcher m = PAUSE.matcher(line.strip());
        if (!m.find()) continue;
        long after = bytes(m.group(5), m.group(6));
        double ms = Double.parseDouble(m.group(7));
        pauses++;
        totalPauseMs += ms;
        if (ms > maxPauseMs) maxPauseMs = ms;
        if (ms >= 50) slowest.add(String.format("%ss: %s %.0f ms", m.group(1), m.group(2).strip(), ms));
        lowest = Math.min(lowest, after);
        lastAfter = after;
      }
      return lowest == Long.MAX_VALUE ? -1 : lowest;
    }

    private static long bytes(String n, String unit) {
      return Long.parseLong(n) << switch (unit) {
        case "K" -> 10;
        case "M" -> 20;
        default -> 30;
      };
    }
  }

  /** {@code /health} asked every 100 ms on a kept-alive connection; each probe's start (ms of JVM uptime) and latency. */
  private static final class Prober {
    final List<long[]> probes = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong first = new AtomicLong(-1);
    final Thread thread;

    Prober(String base) {
      thread = new Thread(() -> {
        HttpClient probe = HttpClient.newHttpClient();
        // the first probe loads the client's classes and the server's request path: reported apart, not as a latency under load
        long warm = System.nanoTime();
        try {
          probe.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding());
          first.set(System.nanoTime() - warm);
        } catch (Exception e) {
          first.set(Long.MAX_VALUE);
        }
        while (running.get()) {
          long at = ManagementFactory.getRuntimeMXBean().getUptime();
          long t0 = System.nanoTime();
          long took;
          try {
            HttpResponse<Void> r = probe.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding());
            took = r.statusCode() == 200 ? System.nanoTime() - t0 : Long.MAX_VALUE;
          } catch (Exception e) {
            took = Long.MAX_VALUE;
          }
          probes.add(new long[] {at, took});
          sleep(100);
        }
      }, "health-prober");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    /** Percentiles, and the slowest probes with their uptime so they can be matched to a GC log ({@code -Xlog:gc}). */
    void report() {
      List<long[]> all = new ArrayList<>(probes);
      List<Long> h = new ArrayList<>(all.stream().map(p -> p[1]).sorted().toList());
      long within100 = h.stream().filter(x -> x <= 100_000_000L).count();
      long failed = h.stream().filter(x -> x == Long.MAX_VALUE).count();
      System.out.printf("/health: %d probes, p50 %.1f ms, p99 %.1f ms, max %s, within 100 ms %.2f %% (%d unanswered; the first, "
              + "warming up, %s)%n", h.size(), h.get(h.size() / 2) / 1e6, h.get((int) (h.size() * 0.99)) / 1e6, ms(h.get(h.size() - 1)),
          100.0 * within100 / h.size(), failed, ms(first.get()));
      all.sort(Comparator.comparingLong((long[] p) -> p[1]).reversed());
      StringBuilder slowest = new StringBuilder("slowest probes (uptime s: ms):");
      for (long[] p : all.subList(0, Math.min(8, all.size()))) slowest.append(String.format(" %.1f: %s", p[0] / 1000.0, ms(p[1])));
      System.out.println(slowest);
    }

    private static String ms(long nanos) {
      return nanos == Long.MAX_VALUE ? "no answer" : String.format("%.1f ms", nanos / 1e6);
    }
  }

  private static int load(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int turns = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int kb = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int slow = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    String serverHeap = System.getProperty("soak.server-heap", "256m");
    ServerProcess s = ServerProcess.start(serverHeap, List.of("veritrace.http.client-timeout=5s", "veritrace.session.max-total-bytes=64MiB",
        "veritrace.session.max-session-bytes=4MiB", "veritrace.loop.deadline=10s"));
    long serverStart = ManagementFactory.getRuntimeMXBean().getUptime() - s.process().info().startInstant()
        .map(i -> Duration.between(i, java.time.Instant.now()).toMillis()).orElse(0L);
    System.err.printf("soak: server pid %d at -Xmx%s on %s (started at soak uptime %.1f s)%n", s.process().pid(), serverHeap, s.base(),
        serverStart / 1000.0);
    GcLog gc = new GcLog(s.gcLog());
    int port = s.port();
    String base = s.base();
    // the questions serve --backend simulated knows (SimulatedExamples.reasoner: simulate --sessions 200 --seed 1)
    List<Scenario> tasks = Scenario.mixed(200, 1, 0.25, 0.15);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AtomicBoolean running = new AtomicBoolean(true);
    Prober prober = new Prober(base);

    AtomicInteger slowCut = new AtomicInteger();
    List<Thread> dribblers = new ArrayList<>();
    for (int d = 0; d < slow; d++) {
      Thread t = new Thread(() -> {
        while (running.get()) {
          try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 600 && running.get(); i++) {
              out.write('x');
              out.flush();
              sleep(100);
            }
          } catch (Exception e) {
            slowCut.incrementAndGet(); // the server answered 408 or closed the connection
          }
        }
      }, "slow-client-" + d);
      t.start();
      dribblers.add(t);
    }

    List<long[]> memory = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        sleep(5000);
        try {
          memory.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, gc.lowestSinceLast(), rss(s.process().pid()), loadAverage()});
        } catch (Exception e) {
          System.err.println("soak: memory sample: " + e);
        }
      }
    }, "memory-sampler");
    sampler.start();

    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicInteger notDurable = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    String padding = "The meeting notes go on. ".repeat(kb * 1024 / 25);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int c = 0; c < sessions; c++) {
      int session = c;
      clients.submit(() -> {
        Random r = new Random(seed * 1_000_003 + session);
        for (int t = 0; t < turns; t++) {
          ObjectNode body = JSON.createObjectNode().put("model", "veritrace");
          ArrayNode messages = body.putArray("messages");
          messages.addObject().put("role", "user").put("content", padding + " (" + session + "/" + t + ")");
          messages.addObject().put("role", "assistant").put("content", "Noted.");
          messages.addObject().put("role", "user").put("content", tasks.get(r.nextInt(tasks.size())).query().question());
          try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("X-Veritrace-Session", "soak-" + session)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
              failed.incrementAndGet();
              continue;
            }
            JsonNode reply = JSON.readTree(resp.body());
            answered.add(reply.get("id").asText());
            if (!reply.at("/veritrace/durable").asBoolean()) notDurable.incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
        int n = done.incrementAndGet();
        if (n % 25 == 0) System.err.printf("soak: %d of %d conversations done%n", n, sessions);
      });
    }
    clients.shutdown();
    clients.awaitTermination(2, TimeUnit.HOURS);
    running.set(false);
    prober.stop();
    sampler.join();
    for (Thread t : dribblers) t.join();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    // the load is over: one forced collection in the server gives the live heap it keeps (sessions included)
    s.collect();
    gc.lowestSinceLast();
    long live = gc.lastAfter;
    long serverRss = rss(s.process().pid());
    int exit = s.stop();
    gc.lowestSinceLast();
    Set<String> journalled = journalled(s.dir().resolve("journal"));
    Set<String> missing = new HashSet<>(answered);
    missing.removeAll(journalled);
    System.out.printf("soak: %d conversations x %d turns, %d KB messages, %d slow clients, %d s%n", sessions, turns, kb, slow, seconds);
    System.out.printf("answered %d (not durable %d), failed %d, slow connections cut %d; in the journal: %d, answered but missing: %d%n",
        answered.size(), notDurable.get(), failed.get(), slowCut.get(), journalled.size(), missing.size());
    prober.report();
    System.out.printf("server (pid %d, -Xmx%s, %s, its uptime = soak uptime - %.1f s): %d GC pauses, %.0f ms in all, longest %.1f ms; pauses of 50 ms "
            + "or more: %s%n", s.process().pid(), serverHeap, gc.collector, serverStart / 1000.0, gc.pauses, gc.totalPauseMs, gc.maxPauseMs,
        gc.slowest.isEmpty() ? "none" : String.join(", ", gc.slowest));
    System.out.println("second  server-heap-after-gc-MB  server-rss-MB  load-avg-1m   (heap: the lowest after a collection in the 5 s before)");
    for (long[] m : memory) {
      System.out.printf("%6d  %23s  %13.1f  %11.2f%n", m[0], m[1] < 0 ? "no GC" : String.format("%.1f", m[1] / 1048576.0), m[2] / 1048576.0,
          m[3] / 100.0);
    }
    System.out.printf("after the load, one full GC in the server: heap %.1f MB, RSS %.1f MB; server exit code after SIGTERM %d%n",
        live / 1048576.0, serverRss / 1048576.0, exit);
    boolean stopped = exit == 0 || exit == 143;
    if (!stopped) System.err.println(s.log());
    deleteTree(s.dir());
    return missing.isEmpty() && stopped ? 0 : 1;
  }

  /**
   * Holds {@code idle} idle connections while {@code /health} is probed, then fills the server to
   * its connection limit: one more must be refused at once (503, closed), and {@code /health}
   * answered on it, so a liveness probe does not restart a server that is only full.
   */
  private static int connections(int idle) throws Exception {
    // idle connections are closed after client-timeout (20 s): held longer here, so the server can be filled to its limit
    Served s = Served.start("veritrace.http.client-timeout = 300s\n", 1);
    int limit = s.node().system().settings().config().getInt("veritrace.http.max-connections");
    int port = s.server().address().getPort();
    List<Socket> held = new ArrayList<>();
    int code = 0;
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < idle; i++) held.add(new Socket("127.0.0.1", port));
      double opened = (System.nanoTime() - t0) / 1e6;
      while (s.server().connections() < idle) sleep(10);
      System.out.printf("connections: %d idle connections opened in %.0f ms, all accepted by the server in %.0f ms (limit %d)%n", idle, opened,
          (System.nanoTime() - t0) / 1e6, limit);
      Prober prober = new Prober(s.base());
      sleep(5000);
      prober.stop();
      prober.report();
      long t3 = System.nanoTime();
      for (int i = held.size(); i < limit; i++) held.add(new Socket("127.0.0.1", port));
      while (s.server().connections() < limit) sleep(10);
      System.out.printf("connections: %d more opened and accepted in %.0f ms%n", limit - idle, (System.nanoTime() - t3) / 1e6);
      long t1 = System.nanoTime();
      String health = exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
      double healthMs = (System.nanoTime() - t1) / 1e6;
      long t2 = System.nanoTime();
      String chat = exchange(port, "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
      double chatMs = (System.nanoTime() - t2) / 1e6;
      System.out.printf("at the limit (%d open), one more: /health -> %s in %.1f ms; /v1/models -> %s in %.1f ms: %s%n", held.size(),
          statusLine(health), healthMs, statusLine(chat), chatMs, body(chat));
      if (!statusLine(health).contains("200") || !statusLine(chat).contains("503")) code = 1;
    } finally {
      for (Socket h : held) h.close();
      s.closeAndRead();
      s.delete();
    }
    return code;
  }

  /** One conversation of {@code turns} questions of {@code kb} each: the journal's size after each, every reply durable. */
  private static int conversation(int turns, int kb) throws Exception {
    long sessionBytes = 4L * turns * kb * 1024 + (64L << 20);
    Served s = Served.start("veritrace.session.max-session-bytes = " + sessionBytes + "\nveritrace.session.max-total-bytes = " + sessionBytes
        + "\nveritrace.loop.deadline = 300s\n", 1);
    HttpClient http = HttpClient.newHttpClient();
    Path journalDir = s.dir().resolve("journal");
    String padding = "The meeting notes go on. ".repeat(kb * 1024 / 25);
    int durable = 0;
    long last = 0;
    long t0 = System.nanoTime();
    System.out.println("turn  reply     journal-MB  grew-KB  seconds");
    for (int t = 0; t < turns; t++) {
      ObjectNode body = JSON.createObjectNode().put("model", "veritrace");
      ArrayNode messages = body.putArray("messages");
      messages.addObject().put("role", "user").put("content", padding + " (turn " + t + ")");
      messages.addObject().put("role", "assistant").put("content", "Noted.");
      messages.addObject().put("role", "user").put("content", s.tasks().get(t % s.tasks().size()).query().question());
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/v1/chat/completions"))
          .header("Content-Type", "application/json").header("X-Veritrace-Session", "long")
          .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
          HttpResponse.BodyHandlers.ofString());
      boolean ok = resp.statusCode() == 200 && JSON.readTree(resp.body()).at("/veritrace/durable").asBoolean();
      if (resp.statusCode() != 200) System.err.println("turn " + (t + 1) + ": " + resp.body().substring(0, Math.min(300, resp.body().length())));
      if (ok) durable++;
      long size = directorySize(journalDir);
      System.out.printf("%4d  %3d %-5s  %10.1f  %7.0f  %7.1f%n", t + 1, resp.statusCode(), ok ? "dur" : "NOT", size / 1048576.0,
          (size - last) / 1024.0, (System.nanoTime() - t0) / 1e9);
      last = size;
    }
    long quadratic = (long) turns * (turns + 1) / 2 * kb * 1024L;
    System.out.printf("conversation: %d turns x %d KB, %d durable; journal %.1f MB written (a copy of the history in every trace: %.0f MB)%n",
        turns, kb, durable, last / 1048576.0, quadratic / 1048576.0);
    Set<String> journalled = s.closeAndRead();
    s.delete();
    return durable == turns && journalled.size() >= turns ? 0 : 1;
  }

  /** {@code count} requests of {@code kb} under distinct session ids, the session limits at their defaults. */
  private static int sessions(int count, int kb) throws Exception {
    Served s = Served.start("veritrace.loop.deadline = 60s\n", 1);
    HttpClient http = HttpClient.newHttpClient();
    String padding = "The meeting notes go on. ".repeat(kb * 1024 / 25);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger durable = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int n = i;
      clients.submit(() -> {
        ObjectNode body = JSON.createObjectNode().put("model", "veritrace");
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", padding + " (" + n + ")");
        messages.addObject().put("role", "assistant").put("content", "Noted.");
        messages.addObject().put("role", "user").put("content", s.tasks().get(n % s.tasks().size()).query().question());
        try {
          HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(s.base() + "/v1/chat/completions"))
              .header("Content-Type", "application/json").header("X-Veritrace-Session", "distinct-" + n)
              .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
              HttpResponse.BodyHandlers.ofString());
          if (resp.statusCode() == 200) {
            ok.incrementAndGet();
            if (JSON.readTree(resp.body()).at("/veritrace/durable").asBoolean()) durable.incrementAndGet();
          } else {
            other.incrementAndGet();
            System.err.println("sessions: " + resp.statusCode() + " " + resp.body());
          }
        } catch (Exception e) {
          other.incrementAndGet();
          System.err.println("sessions: " + e);
        }
        if ((n + 1) % 50 == 0) System.err.printf("sessions: %d sent%n", n + 1);
      });
    }
    clients.shutdown();
    clients.awaitTermination(1, TimeUnit.HOURS);
    System.gc();
    long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf("sessions: %d requests of %d KB under distinct session ids at -Xmx%dm in %.0f s: %d answered (%d durable), %d not; "
            + "heap after a full GC %.1f MB%n", count, kb, Runtime.getRuntime().maxMemory() >> 20, (System.nanoTime() - t0) / 1e9, ok.get(),
        durable.get(), other.get(), live / 1048576.0);
    s.closeAndRead();
    s.delete();
    return ok.get() == count && durable.get() == count ? 0 : 1;
  }

  /** One request on a fresh connection; what came back before the server closed it or 10 s passed. */
  private static String exchange(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (Exception e) {
      return "no answer: " + e;
    }
  }

  private static String statusLine(String response) {
    int end = response.indexOf("\r\n");
    return end < 0 ? response : response.substring(0, end);
  }

  private static String body(String response) {
    int at = response.indexOf("\r\n\r\n");
    return at < 0 ? "" : response.substring(at + 4);
  }

  private static long directorySize(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Resident set size of a process, from {@code /proc/PID/status}; -1 where unknown. */
  private static long rss(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
      }
    } catch (Exception e) {
      // not Linux: RSS unknown
    }
    return -1;
  }

  /** The one-minute load average times 100, from {@code /proc/loadavg}; -100 where unknown. */
  private static long loadAverage() {
    try {
      return Math.round(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]) * 100);
    } catch (Exception e) {
      return -100;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

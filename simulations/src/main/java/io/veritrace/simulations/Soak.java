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

/**
 * A bounded soak of the HTTP API on loopback (issue 16): many conversations with large messages,
 * slow clients dribbling bodies and headers, at a fixed heap (run it with {@code -Xmx}); prints
 * heap after GC and RSS over time, {@code /health} latency measured every 100 ms, and whether every
 * answered query is in the journal.
 *
 * <pre>java -Xmx256m -cp "simulations/target/classes:simulations/target/lib/*" io.veritrace.simulations.Soak SESSIONS TURNS KB SLOW SEED</pre>
 */
public final class Soak {
  private Soak() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int turns = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int kb = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    int slow = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    long seed = args.length > 4 ? Long.parseLong(args[4]) : 1;
    Path dir = Files.createTempDirectory("veritrace-soak");
    Config config = ConfigFactory.parseString("""
        veritrace.http.port = 0
        veritrace.http.client-timeout = 5s
        veritrace.session.max-total-bytes = 64MiB
        veritrace.session.max-session-bytes = 4MiB
        veritrace.loop.deadline = 10s
        """).withFallback(ConfigFactory.load()).resolve();
    List<Scenario> tasks = Scenario.mixed(200, seed, 0.0, 0.0);
    FileTraceJournal journal = FileTraceJournal.open(dir.resolve("journal"));
    Veritrace node = Nodes.start(Settings.from(config),
        new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, seed), journal);
    ChatServer server = ChatServer.start(node, ApiSettings.from(config));
    int port = server.address().getPort();
    String base = "http://127.0.0.1:" + port;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    AtomicBoolean running = new AtomicBoolean(true);

    List<Long> health = Collections.synchronizedList(new ArrayList<>());
    Thread prober = new Thread(() -> {
      HttpClient probe = HttpClient.newHttpClient();
      while (running.get()) {
        long t0 = System.nanoTime();
        try {
          probe.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding());
          health.add(System.nanoTime() - t0);
        } catch (Exception e) {
          health.add(Long.MAX_VALUE);
        }
        sleep(100);
      }
    }, "health-prober");
    prober.start();

    AtomicInteger slowCut = new AtomicInteger();
    List<Thread> dribblers = new ArrayList<>();
    for (int s = 0; s < slow; s++) {
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
      }, "slow-client-" + s);
      t.start();
      dribblers.add(t);
    }

    List<long[]> memory = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    Thread sampler = new Thread(() -> {
      while (running.get()) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        memory.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, heap, rss()});
        sleep(5000);
      }
    }, "memory-sampler");
    sampler.start();

    Set<String> answered = ConcurrentHashMap.newKeySet();
    AtomicInteger notDurable = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    String padding = "The meeting notes go on. ".repeat(kb * 1024 / 25);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (int s = 0; s < sessions; s++) {
      int session = s;
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
    prober.join();
    sampler.join();
    for (Thread t : dribblers) t.join();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    server.close();
    node.close();
    journal.close();

    Set<String> journalled = new HashSet<>();
    try (FileTraceJournal reader = FileTraceJournal.openForReading(dir.resolve("journal"))) {
      for (long at = 0; at < reader.end(); ) {
        JournalBatch b = reader.read(at, 500);
        for (JournalBatch.Entry e : b.entries()) journalled.add(e.trace().query().id());
        if (b.next() <= at) break;
        at = b.next();
      }
    }
    Set<String> missing = new HashSet<>(answered);
    missing.removeAll(journalled);
    List<Long> h = new ArrayList<>(health);
    Collections.sort(h);
    long within100 = h.stream().filter(x -> x <= 100_000_000L).count();
    System.out.printf("soak: %d conversations x %d turns, %d KB messages, %d slow clients, %d s%n", sessions, turns, kb, slow, seconds);
    System.out.printf("answered %d (not durable %d), failed %d, slow connections cut %d; in the journal: %d, answered but missing: %d%n",
        answered.size(), notDurable.get(), failed.get(), slowCut.get(), journalled.size(), missing.size());
    System.out.printf("/health: %d probes, p50 %.1f ms, p99 %.1f ms, max %.1f ms, within 100 ms %.2f %%%n", h.size(),
        h.get(h.size() / 2) / 1e6, h.get((int) (h.size() * 0.99)) / 1e6, h.get(h.size() - 1) / 1e6, 100.0 * within100 / h.size());
    System.out.println("second  heap-after-gc-MB  rss-MB");
    for (long[] m : memory) System.out.printf("%6d  %16.1f  %6.1f%n", m[0], m[1] / 1048576.0, m[2] / 1048576.0);
    journalDelete(dir);
    System.exit(missing.isEmpty() ? 0 : 1);
  }

  private static long rss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) * 1024;
      }
    } catch (Exception e) {
      // not Linux: RSS unknown
    }
    return -1;
  }

  private static void journalDelete(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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

package io.veritrace.simulations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.Query;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import io.veritrace.runtime.http.ApiSettings;
import io.veritrace.runtime.http.ChatServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded load run on loopback: word problems through Veritrace's HTTP API, with a stand-in
 * model server that answers at once, against the same requests sent to the stand-in directly.
 * Prints requests/s and p50/p99 latency for both and the overhead ratio.
 *
 * <p>{@code java -cp "simulations/target/classes:simulations/target/lib/*"
 * io.veritrace.simulations.HttpLoad [requests] [concurrency] [cross-derivation on|off] [warm-up requests]}
 *
 * <p>The warm-up is long (4,000 requests each way by default) because the loop's latency keeps
 * falling for the first few thousand queries while the JIT compiles it.
 */
public final class HttpLoad {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NUMBERS = Pattern.compile("Tom has (\\d+) apples and buys (\\d+)");

  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    boolean cross = args.length > 2 && args[2].equals("on");
    int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 4000;
    // the JDK server otherwise waits on Nagle for small replies, which would bill the baseline 40 ms
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer model = standIn();
    String modelUrl = "http://127.0.0.1:" + model.getAddress().getPort() + "/v1";
    Config config = ConfigFactory.parseString("veritrace.openai.model = stand-in\nveritrace.http.port = 0\n"
        + "veritrace.openai.cross-derivation = " + (cross ? "on" : "off") + "\nveritrace.openai.max-concurrency = 64\n")
        .withFallback(ConfigFactory.parseString("veritrace.openai.base-url = \"" + modelUrl + "\""))
        .withFallback(ConfigFactory.load()).resolve();
    Settings settings = Settings.from(config);
    try (OpenAiBackend backend = OpenAiBackend.open(settings, null, null, "NO_KEY");
        Veritrace node = Nodes.start(settings, backend.reasoner(), null, backend.suites());
        ChatServer server = ChatServer.start(node, ApiSettings.from(config))) {
      String api = "http://127.0.0.1:" + server.address().getPort() + "/v1/chat/completions";
      String direct = modelUrl + "/chat/completions";
      System.err.printf("warming up (%d requests each)...%n", warmUp);
      run(direct, warmUp, concurrency, false);
      run(api, warmUp, concurrency, true);
      loop(node, warmUp, concurrency);
      double[] d = run(direct, requests, concurrency, false);
      double[] l = loop(node, requests, concurrency);
      double[] v = run(api, requests, concurrency, true);
      System.out.printf("%d requests, %d concurrent, cross-derivation %s%n", requests, concurrency, cross ? "on" : "off");
      System.out.printf("%-28s %10s %10s %10s%n", "", "req/s", "p50 ms", "p99 ms");
      System.out.printf("%-28s %10.0f %10.2f %10.2f%n", "stand-in model directly", d[0], d[1], d[2]);
      System.out.printf("%-28s %10.0f %10.2f %10.2f%n", "the loop, no HTTP in front", l[0], l[1], l[2]);
      System.out.printf("%-28s %10.0f %10.2f %10.2f%n", "through Veritrace", v[0], v[1], v[2]);
      System.out.printf("overhead: %.1fx the throughput cost, p50 +%.2f ms, p99 +%.2f ms%n", d[0] / v[0], v[1] - d[1], v[2] - d[2]);
      System.out.printf("of which the HTTP API in front of the loop: p50 +%.2f ms, p99 +%.2f ms%n", v[1] - l[1], v[2] - l[2]);
    } finally {
      model.stop(0);
    }
  }

  /** {req/s, p50 ms, p99 ms}; fails if any request is not answered 200 with the right answer. */
  private static double[] run(String url, int n, int concurrency, boolean checkAnswer) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return measure(n, concurrency, (i, a, b) -> {
      String body = "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question(a, b) + "\"}]}";
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      return () -> {
        if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
        if (!checkAnswer) return;
        JsonNode j = JSON.readTree(r.body());
        if (!j.at("/choices/0/message/content").asText().equals(String.valueOf(a + b))) throw new IllegalStateException(r.body());
      };
    });
  }

  /**
   * The same questions asked of the node in-process, one-off like the API's: what the loop and the
   * model calls cost without the HTTP server, the request parsing and the response in front.
   */
  private static double[] loop(Veritrace node, int n, int concurrency) throws Exception {
    return measure(n, concurrency, (i, a, b) -> {
      String id = "loop-" + LOOP_IDS.incrementAndGet();
      QueryResult r = node.askOnce(new Query(id, id, question(a, b), List.of(), List.of(), List.of(),
          java.time.LocalDate.now().toString())).toCompletableFuture().join();
      return () -> {
        if (!r.text().equals(String.valueOf(a + b))) throw new IllegalStateException(r.outcome() + " " + r.text());
      };
    });
  }

  private static final AtomicInteger LOOP_IDS = new AtomicInteger();

  private static String question(int a, int b) {
    return "Tom has " + a + " apples and buys " + b + " more. How many apples does he have?";
  }

  /** One request, the {@code i}-th, asking for {@code a + b}; the check of its answer runs untimed. */
  private interface Request {
    Check send(int i, int a, int b) throws Exception;
  }

  /** Throws if the answer is not the right one. */
  private interface Check {
    void run() throws Exception;
  }

  /** {req/s, p50 ms, p99 ms} of {@code n} requests sent by {@code concurrency} threads. */
  private static double[] measure(int n, int concurrency, Request request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    double[] ms = new double[n];
    AtomicInteger next = new AtomicInteger();
    long t0 = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      workers.add(pool.submit(() -> {
        for (int i; (i = next.getAndIncrement()) < n; ) {
          long s = System.nanoTime();
          Check check = request.send(i, 2 + i % 97, 3 + i % 89);
          ms[i] = (System.nanoTime() - s) / 1e6;
          check.run();
        }
        return null;
      }));
    }
    for (Future<?> f : workers) f.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    Arrays.sort(ms);
    return new double[] {n / seconds, ms[(int) (n * 0.5)], ms[Math.min(n - 1, (int) (n * 0.99))]};
  }

  /** Answers every word problem at once, correctly, in the step format. */
  private static HttpServer standIn() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    // daemon threads: the run ends when main does, without waiting on an idle stand-in
    server.setExecutor(Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "stand-in");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        JsonNode req = JSON.readTree(exchange.getRequestBody().readAllBytes());
        JsonNode messages = req.path("messages");
        String question = messages.get(messages.size() - 1).path("content").asText();
        Matcher m = NUMBERS.matcher(question);
        String content = "#### 0";
        if (m.find()) {
          int a = Integer.parseInt(m.group(1));
          int b = Integer.parseInt(m.group(2));
          content = messages.get(0).path("content").asText().startsWith("Translate") ? "EXPRESSION: " + a + "+" + b
              : a + " + " + b + " = <<" + a + "+" + b + "=" + (a + b) + ">>" + (a + b) + "\n#### " + (a + b);
        }
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("id", "x").put("object", "chat.completion")
            .set("choices", JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0).put("finish_reason", "stop")
                .set("message", JSON.createObjectNode().put("role", "assistant").put("content", content)))));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    return server;
  }
}

package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Metrics;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-level hardening (issue 16) over raw sockets against a real server on loopback: framing
 * errors are the client's (400/408/413, never 500 with class names), HTTP/1.0 probes work, no
 * version banner, slow senders and surplus connections cannot hold the server, and every
 * answered query is in the journal, a lone surrogate included.
 */
class ServerHardeningTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path tmp;
  static Veritrace node;
  static ChatServer server;
  static FileTraceJournal journal;
  static Scenario task;

  @BeforeAll
  static void start() throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        veritrace.http.port = 0
        veritrace.http.max-body = 16KiB
        veritrace.http.max-connections = 24
        veritrace.http.client-timeout = 2s
        veritrace.http.drain-timeout = 5s
        veritrace.loop.deadline = 5s
        """).withFallback(ConfigFactory.load()).resolve();
    List<Scenario> tasks = Scenario.mixed(20, 3, 0.0, 0.0);
    task = tasks.get(0);
    journal = FileTraceJournal.open(tmp.resolve("journal"));
    Settings settings = Settings.from(config);
    node = Nodes.start(settings, new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 3), journal);
    server = ChatServer.start(node, ApiSettings.from(config));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    node.close();
    journal.close();
  }

  /** Sends raw bytes and reads until the server closes or {@code waitMs} passes with nothing more. */
  static String exchange(String raw, int waitMs) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(waitMs);
      s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return readAvailable(s.getInputStream());
    }
  }

  private static String readAvailable(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        got.write(buf, 0, n);
        String sofar = got.toString(StandardCharsets.ISO_8859_1);
        int headEnd = sofar.indexOf("\r\n\r\n");
        if (headEnd > 0 && sofar.contains("Content-Length: ")) {
          int length = Integer.parseInt(sofar.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
          if (sofar.length() - headEnd - 4 >= length) break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // what arrived so far is the answer
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  private static int status(String response) {
    assertTrue(response.startsWith("HTTP/1."), "no HTTP response: '" + response + "'");
    return Integer.parseInt(response.substring(9, 12));
  }

  private static void noInternals(String response) {
    assertFalse(response.contains("org.apache") || response.contains("Exception") || response.contains("pekko"), response);
  }

  @Test
  void http10HealthProbesWithoutHostAreAnsweredWithNoVersionBanner() throws Exception {
    String r = exchange("GET /health HTTP/1.0\r\n\r\n", 10_000);
    assertEquals(200, status(r), r);
    assertTrue(r.contains("\"status\":\"ok\""), r);
    assertFalse(r.toLowerCase().contains("\r\nserver:"), "no Server header: " + r);
  }

  @Test
  void aGarbageRequestLineGetsAClientErrorAndAnUnfinishedOneIsClosed() throws Exception {
    // a malformed line: 400; an unknown method token: 501 (RFC 9110), both from the parser at once
    assertEquals(400, status(exchange("GET /\u0001 HTTP/1.1\r\n\r\n", 10_000)));
    assertEquals(505, status(exchange("GET / garbage garbage\r\n\r\n", 10_000)));
    assertEquals(501, status(exchange("\u0001\u0002garbage garbage garbage\r\n\r\n", 10_000)));
    // a line that never ends: closed after the client timeout (2 s here), not held for the idle timeout
    try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
      s.setSoTimeout(15_000);
      s.getOutputStream().write("GARBAGE".getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      while (in.read() != -1) {
        // whatever the server says before closing
      }
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIs413AndABadChunkSizeIs400() throws Exception {
    StringBuilder chunks = new StringBuilder();
    String piece = "x".repeat(4096);
    for (int i = 0; i < 8; i++) chunks.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
    chunks.append("0\r\n\r\n");
    String big = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n" + chunks, 10_000);
    assertEquals(413, status(big), big);
    noInternals(big);
    String bad = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 10_000);
    assertEquals(400, status(bad), bad);
    noInternals(bad);
  }

  @Test
  void aBodySentTooSlowlyIs408() throws Exception {
    String r = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Content-Length: 200\r\n\r\n{\"messages\":", 30_000);
    assertEquals(408, status(r), r);
    noInternals(r);
  }

  @Test
  void aSlowSenderIsDisconnectedWhileOthersAreServed() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", server.address().getPort())) {
      slow.setSoTimeout(200);
      OutputStream out = slow.getOutputStream();
      String head = "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200);
      boolean closed = false;
      // one byte every 100 ms keeps a byte-reset idle timeout from ever firing; the client timeout (2 s) must
      for (int i = 0; i < head.length() && !closed; i++) {
        try {
          out.write(head.charAt(i));
          out.flush();
          closed = slow.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
          assertEquals(200, status(exchange("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10_000)));
        } catch (IOException e) {
          closed = true;
        }
      }
      assertTrue(closed, "a connection sending a byte every 100 ms for " + head.length() / 10 + " s was never closed");
    }
  }

  @Test
  void connectionsBeyondTheLimitAreTurnedAwayAtOnceAndIdleOnesExpire() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 24; i++) idle.add(new Socket("127.0.0.1", server.address().getPort()));
      Thread.sleep(300); // let the server accept them
      String r = exchange("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n", 10_000);
      assertEquals(503, status(r), r);
      assertTrue(r.contains("connections open"), r);
      // a full server is alive: a liveness probe on one connection more is answered, and that connection closed
      String health = exchange("GET /health HTTP/1.1\r\nHost: x\r\n\r\n", 10_000);
      assertEquals(200, status(health), health);
      assertTrue(health.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), health);
      // idle connections are closed after the client timeout, and questions get through again
      int code = 0;
      for (int i = 0; i < 100 && code != 200; i++) {
        Thread.sleep(100);
        code = status(exchange("GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10_000));
      }
      assertEquals(200, code);
      for (Socket s : idle) {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        while (in.read() != -1) {
          // a 503 for the surplus ones; the idle ones are closed silently
        }
      }
    } finally {
      for (Socket s : idle) s.close();
    }
  }

  @Test
  void aLoneSurrogateIsAnsweredAndJournalled() throws Exception {
    String body = "{\"model\":\"veritrace\",\"messages\":[{\"role\":\"user\",\"content\":\"" + JSON.writeValueAsString(task.query().question()).replace("\"", "")
        + " \\ud800\"}]}";
    String r = exchange("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body, 30_000);
    assertEquals(200, status(r), r);
    JsonNode reply = JSON.readTree(r.substring(r.indexOf("\r\n\r\n") + 4));
    assertTrue(reply.at("/veritrace/durable").asBoolean(), r);
    String id = reply.get("id").asText();
    List<String> ids = new ArrayList<>();
    for (JournalBatch.Entry e : journal.read(0, 10_000).entries()) ids.add(e.trace().query().id());
    assertTrue(ids.contains(id), id + " not in the journal " + ids);
  }

  @Test
  void servingBeyondLoopbackWithoutKeysIsRefusedUnlessAllowed() throws Exception {
    Config config = ConfigFactory.parseString("veritrace.http.port = 0\nveritrace.http.host = \"0.0.0.0\"").withFallback(ConfigFactory.load()).resolve();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ChatServer.start(node, ApiSettings.from(config)));
    assertTrue(e.getMessage().contains("allow-anonymous") && e.getMessage().contains("VERITRACE_API_KEYS"), e.getMessage());
  }

  @Test
  void aTakenMetricsPortIsOneClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Metrics.start("127.0.0.1", taken.getLocalPort()));
      assertTrue(e.getMessage().contains("metrics port 127.0.0.1:" + taken.getLocalPort() + " is not free"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }
}

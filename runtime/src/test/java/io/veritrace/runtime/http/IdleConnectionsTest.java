package io.veritrace.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.Settings;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale of idle connections (1,100: past Pekko's default limit of 1,024, at which
 * {@code /health} used to time out) with the default connection limit: health probes and questions
 * are still answered, and the idle connections are still open, not dropped to make room.
 */
class IdleConnectionsTest {

  @TempDir Path tmp;

  @Test
  void elevenHundredIdleConnectionsLeaveHealthAndQuestionsAnswered() throws Exception {
    Config config = ConfigFactory.parseString("""
        pekko.actor.serialize-messages = on
        veritrace.http.port = 0
        veritrace.http.drain-timeout = 2s
        """).withFallback(ConfigFactory.load()).resolve();
    assertTrue(config.getInt("veritrace.http.max-connections") > 1100, "the default limit must hold the issue's 1,100");
    List<Scenario> tasks = Scenario.mixed(4, 5, 0.0, 0.0);
    try (FileTraceJournal journal = FileTraceJournal.open(tmp.resolve("journal"))) {
      Veritrace node = Nodes.start(Settings.from(config), new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(),
          SimulationProfile.DEFAULT, 5), journal);
      ChatServer server = ChatServer.start(node, ApiSettings.from(config));
      int port = server.address().getPort();
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 1100; i++) idle.add(new Socket("127.0.0.1", port));
        String health = exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(health.startsWith("HTTP/1.1 200"), health);
        String models = exchange(port, "GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(models.startsWith("HTTP/1.1 200") && models.contains("\"veritrace\""), models);
        // every idle connection is still served: a request on the first and the last one opened is answered
        for (Socket s : List.of(idle.get(0), idle.get(idle.size() - 1))) {
          s.setSoTimeout(10_000);
          s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
          assertTrue(r.startsWith("HTTP/1.1 200"), r);
        }
        assertEquals(0, server.inFlight());
      } finally {
        for (Socket s : idle) s.close();
        server.close();
        node.close();
      }
    }
  }

  private static String exchange(int port, String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}

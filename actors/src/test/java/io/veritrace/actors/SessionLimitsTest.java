package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Conversations hold bounded memory (issue 16: ~234 large requests under distinct session ids took
 * a 256 MB server down): turns, bytes per conversation, conversations and total bytes.
 */
class SessionLimitsTest {

  private Veritrace node;
  private List<Scenario> tasks;
  private int asked;

  @BeforeEach
  void start() {
    tasks = Scenario.mixed(50, 5, 0.0, 0.0);
    node = Veritrace.start(new LoopComponents(new SimulatedReasoner(tasks.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 5),
        CheckSuite::standard, new RepairingCorrector(), LoopPolicy.DEFAULT, null, 2),
        ConfigFactory.parseString("""
            veritrace.session.max-sessions = 3
            veritrace.session.max-turns = 2
            veritrace.session.max-session-bytes = 100000
            veritrace.session.max-total-bytes = 150000
            """).withFallback(TestNodes.config()).resolve());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  private QueryResult ask(String session, String extra) throws Exception {
    Query q = tasks.get(asked % tasks.size()).query();
    asked++;
    Query mine = new Query("q-" + asked, session, q.question() + extra, List.of(), List.of(), List.of(), null);
    return node.ask(session, mine).toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private int openSessions() {
    Matcher m = Pattern.compile("session-").matcher(node.system().printTree());
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  @Test
  void aConversationPastItsTurnsIsRefusedSayingSo() throws Exception {
    assertNotEquals("limit", ask("s", "").text());
    QueryResult second = ask("s", "");
    assertTrue(!second.text().contains("limit of"), second.text());
    QueryResult third = ask("s", "");
    assertEquals(Outcome.REFUSE, third.outcome());
    assertTrue(third.text().contains("limit of 2 questions"), third.text());
  }

  @Test
  void aConversationPastItsBytesIsRefusedSayingSo() throws Exception {
    String padding = " " + "x".repeat(30_000);
    assertTrue(!ask("big", padding).text().contains("limit of"));
    QueryResult second = ask("big", padding);
    assertEquals(Outcome.REFUSE, second.outcome());
    assertTrue(second.text().contains("limit of 100000 bytes"), second.text());
  }

  @Test
  void conversationsBeyondTheCountCloseTheLeastRecentlyUsed() throws Exception {
    for (int i = 0; i < 8; i++) {
      QueryResult r = ask("c-" + i, "");
      assertTrue(!r.text().contains("conversations open"), r.text());
    }
    int open = openSessions();
    for (int i = 0; i < 100 && open > 3; i++) {
      Thread.sleep(50);
      open = openSessions();
    }
    assertEquals(3, open, node.system().printTree());
    // the most recent ones are kept: c-7 goes on with its history
    QueryResult again = ask("c-7", "");
    assertEquals(2, again.trace().query().history().size(), "c-7 kept its first turn");
  }

  @Test
  void conversationsBeyondTheTotalBytesCloseTheLeastRecentlyUsed() throws Exception {
    String padding = " " + "y".repeat(30_000);
    for (int i = 0; i < 3; i++) ask("t-" + i, padding); // ~60 KB each, 150 KB allowed in all
    int open = openSessions();
    for (int i = 0; i < 100 && open > 2; i++) {
      Thread.sleep(50);
      open = openSessions();
    }
    assertEquals(2, open, node.system().printTree());
    QueryResult first = ask("t-0", "");
    assertEquals(0, first.trace().query().history().size(), "t-0 was closed for memory and starts afresh");
  }

  @Test
  void theTotalIsHeldToAQuarterOfTheHeapButNeverBelowOneConversation() {
    SessionLimits configured = SessionLimits.DEFAULT;
    // -Xmx256m: the default 512 MiB for all conversations would not fit; a quarter of the heap does
    assertEquals(64L << 20, configured.fittedTo(256L << 20).maxTotalBytes());
    assertEquals(512L << 20, configured.fittedTo(4L << 30).maxTotalBytes());
    assertEquals(configured.maxSessionBytes(), configured.fittedTo(32L << 20).maxTotalBytes());
    assertEquals(configured.maxSessionBytes(), configured.fittedTo(32L << 20).maxSessionBytes());
  }
}

package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationConsistencyTest {

  private static List<Verdict> check(String earlier, String now) {
    Query q = new Query("q", "s", now, List.of(Turn.user(earlier), Turn.assistant("Noted.")), List.of(), List.of(), null);
    return new ConversationConsistency().verify(q, null, List.of());
  }

  @Test
  void aLaterMessageThatStatesAnotherValueIsAContradiction() {
    List<Verdict> v = check("Sara has 3 bags.", "Sara has 5 bags. How many apples are there?");
    assertEquals(1, v.size(), v.toString());
    assertEquals(Outcome.REFUSE, v.get(0).ending());
    assertTrue(v.get(0).message().contains("Sara has 3 bags."), v.get(0).message());
  }

  @Test
  void aCorrectionReplacesTheEarlierValue() {
    assertEquals(List.of(), check("Sofia has 31 apples.", "Actually, Sofia had 29 apples at the start, not 31. How many now?"));
    assertEquals(List.of(), check("Sara has 3 bags.", "Sorry, I meant Sara has 5 bags."));
  }

  @Test
  void aContradictionAfterACorrectionIsStillCaught() {
    Query q = new Query("q", "s", "Sofia has 40 apples. How many?",
        List.of(Turn.user("Sofia has 31 apples."), Turn.user("Actually, Sofia has 29 apples, not 31.")), List.of(), List.of(), null);
    List<Verdict> v = new ConversationConsistency().verify(q, null, List.of());
    assertEquals(1, v.size(), v.toString());
    assertTrue(v.get(0).message().contains("29") && v.get(0).message().contains("40"), v.get(0).message());
  }
}

package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import java.util.ArrayList;
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

  private static final Proposal ANSWER = new Proposal(Proposal.Stance.ANSWER, List.of(), "4", "#### 4", "test", "");

  /** The user's messages in order, each answered, the last one the question. */
  private static List<Verdict> checkAll(String... userMessages) {
    List<Turn> history = new ArrayList<>();
    for (int i = 0; i < userMessages.length - 1; i++) {
      history.add(Turn.user(userMessages[i]));
      history.add(Turn.assistant("noted"));
    }
    Query q = new Query("q", "s", userMessages[userMessages.length - 1], history, List.of(), List.of(), null);
    return new ConversationConsistency().verify(q, ANSWER, List.of());
  }

  @Test
  void aCountAnAgeOrAPriceStatedTwiceDifferentlyEndsInRefuseNamingBoth() {
    List<Verdict> v = checkAll("Sara has 3 bags of apples.", "Sara has 5 bags of apples. How many apples?");
    assertEquals(1, v.size(), v.toString());
    assertEquals(Outcome.REFUSE, v.get(0).ending());
    assertEquals(Rules.CONSISTENCY_ESTABLISHED, v.get(0).rule());
    assertTrue(v.get(0).message().contains("Sara has 3 bags of apples.") && v.get(0).message().contains("Sara has 5 bags"), v.toString());
    assertEquals(1, checkAll("Omar is 7 years old.", "Omar is nine years old. When was he born?").size());
    assertEquals(1, checkAll("The lamp costs $40.", "What else?", "The lamp costs $45. What do two lamps cost?").size());
    // a contradiction between two earlier messages is found as well (a resent history)
    assertEquals(1, checkAll("Ali has 2 boxes.", "Ali has 6 boxes.", "How many boxes are there?").size());
  }

  @Test
  void agreementChangeAndOneMessageAloneAreNoContradiction() {
    assertTrue(checkAll("Sara has 3 bags.", "Sara has 3 bags. How many?").isEmpty());
    assertTrue(checkAll("Sara has 3 bags.", "Now Sara has 5 bags. How many apples?").isEmpty(), "a story that moves on");
    assertTrue(checkAll("Sara has 3 bags.", "After lunch Sara has 5 bags.").isEmpty());
    assertTrue(checkAll("Sara has 3 bags.", "Tom has 5 bags.").isEmpty(), "another owner");
    assertTrue(checkAll("Sara has 3 bags.", "Sara has 5 boxes.").isEmpty(), "another thing");
    assertTrue(checkAll("She has 3 bags.", "She has 5 bags.").isEmpty(), "pronouns may be different people");
    assertTrue(checkAll("Sara has 3 bags. Sara has 5 bags. How many?").isEmpty(), "within one question it is GivenConsistency's to judge");
  }
}

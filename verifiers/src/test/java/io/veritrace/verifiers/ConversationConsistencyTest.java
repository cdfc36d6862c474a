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

/** What the user said in one message against what they say in another. */
class ConversationConsistencyTest {

  private static final Proposal ANSWER = new Proposal(Proposal.Stance.ANSWER, List.of(), "4", "#### 4", "test", "");

  private static List<Verdict> check(String... userMessages) {
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
    List<Verdict> v = check("Sara has 3 bags of apples.", "Sara has 5 bags of apples. How many apples?");
    assertEquals(1, v.size(), v.toString());
    assertEquals(Outcome.REFUSE, v.get(0).ending());
    assertEquals(Rules.CONSISTENCY_ESTABLISHED, v.get(0).rule());
    assertTrue(v.get(0).message().contains("Sara has 3 bags of apples.") && v.get(0).message().contains("Sara has 5 bags"), v.toString());
    assertEquals(1, check("Omar is 7 years old.", "Omar is nine years old. When was he born?").size());
    assertEquals(1, check("The lamp costs $40.", "What else?", "The lamp costs $45. What do two lamps cost?").size());
    // a contradiction between two earlier messages is found as well (a resent history)
    assertEquals(1, check("Ali has 2 boxes.", "Ali has 6 boxes.", "How many boxes are there?").size());
  }

  @Test
  void agreementChangeAndOneMessageAloneAreNoContradiction() {
    assertTrue(check("Sara has 3 bags.", "Sara has 3 bags. How many?").isEmpty());
    assertTrue(check("Sara has 3 bags.", "Now Sara has 5 bags. How many apples?").isEmpty(), "a story that moves on");
    assertTrue(check("Sara has 3 bags.", "After lunch Sara has 5 bags.").isEmpty());
    assertTrue(check("Sara has 3 bags.", "Tom has 5 bags.").isEmpty(), "another owner");
    assertTrue(check("Sara has 3 bags.", "Sara has 5 boxes.").isEmpty(), "another thing");
    assertTrue(check("She has 3 bags.", "She has 5 bags.").isEmpty(), "pronouns may be different people");
    assertTrue(check("Sara has 3 bags. Sara has 5 bags. How many?").isEmpty(), "within one question it is GivenConsistency's to judge");
  }
}

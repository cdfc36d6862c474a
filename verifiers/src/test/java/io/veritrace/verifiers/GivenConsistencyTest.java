package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.steps.StepParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class GivenConsistencyTest {

  private static final String STEPS = "{\"steps\":[{\"text\":\"Sofia has 31 apples.\",\"claims\":[{\"type\":\"given\",\"quantity\":\"apples\",\"value\":\"31\",\"quote\":\"Sofia has 31 apples.\"}]},"
      + "{\"text\":\"She gives 9 away.\",\"claims\":[{\"type\":\"given\",\"quantity\":\"given away\",\"value\":\"9\",\"quote\":\"Then Sofia gives 9 apples to a friend.\"}]},"
      + "{\"text\":\"31 - 9 = 22\"}],\"answer\":\"22\"}";

  private static List<Verdict> uncovered(String question) {
    Query q = Query.of("q", question);
    Proposal p = StepParser.parse(STEPS, "t");
    return CheckSuite.standard().check(q, p).stream().filter(v -> v.rule().equals(Rules.CONSISTENCY_UNCOVERED)).toList();
  }

  @Test
  void aUsersGuessAtTheAnswerIsNoPremiseToAccountFor() {
    String story = "Sofia has 31 apples. Then Sofia gives 9 apples to a friend. How many apples does Sofia have now?";
    for (String guess : List.of(" I worked it out as 25, that's right, isn't it?", " I think it's 25.", " Is it 25?", " I got 25, right?")) {
      assertEquals(List.of(), uncovered(story + guess), guess);
      Query q = Query.of("q", story + guess);
      Proposal p = StepParser.parse(STEPS, "t");
      assertEquals(Outcome.VERIFIED, CheckSuite.judge(q, p, CheckSuite.standard().check(q, p)), guess);
    }
  }

  @Test
  void aStatedQuantityTheAnswerSkipsStillAsks() {
    List<Verdict> v = uncovered("Sofia has 31 apples. Then Sofia gives 9 apples to a friend. Her brother gives her 4 more. How many now?");
    assertEquals(1, v.size(), v.toString());
    assertEquals(Outcome.CLARIFY, v.get(0).ending());
    assertTrue(v.get(0).message().contains("4 more"), v.get(0).message());
  }
}

package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What grounds a number a right GSM8K solution uses that no sentence of the question gives, each
 * with its wrong twin: the same solution with the number changed, or without what licensed it,
 * stays short of VERIFIED with the number named.
 */
class QuantityProvenanceTest {

  private final CheckSuite suite = CheckSuite.standard();

  private SolutionAudit audit(String question, String solution) {
    return SolutionAudit.of(suite, "q", question, solution);
  }

  private static List<Verdict> provenance(SolutionAudit a, Grade grade) {
    return a.verdicts().stream().filter(v -> v.rule().equals(Rules.PROVENANCE_UNGROUNDED) && v.grade() == grade).toList();
  }

  private static final String JIM = "Jim collects model cars, and he has 301 models total.  Jim has 4 times as many Buicks as Fords, "
      + "and 3 more than twice the number of Fords than Chevys.  How many Buicks does Jim have?";

  private static final String COMBINED = "Let x represent the number of Chevys\nFords:3+2x\nBuicks:4(3+2x)=12+8x\n"
      + "Total:x+3+2x+12+8x=301\n11x+15=301\n11x=286\nx = 26\nBuicks:12+8(26)=220\nThe answer is 220.";

  @Test
  void likeTermsCombinedFromAnEarlierEquationAreGrounded() {
    SolutionAudit a = audit(JIM, COMBINED);
    assertEquals(Outcome.VERIFIED, a.outcome(), a.verdicts().toString());
    // the certificate names the equation each coefficient comes from
    assertTrue(provenance(a, Grade.PASS).stream().anyMatch(v -> v.message().contains("11*x + 15")
        && v.message().contains("the same linear form (11x + 15) as step 3")), a.verdicts().toString());
    assertTrue(provenance(a, Grade.PASS).stream().anyMatch(v -> v.message().contains("the same equation (11x - 286 = 0) as step 3")),
        a.verdicts().toString());
  }

  @Test
  void aCoefficientNoEarlierEquationMakesStaysFromNowhere() {
    // without the equation that collects them, 11 and 15 come from nowhere
    SolutionAudit bare = audit(JIM, "Let x represent the number of Chevys\n11x+15=301\n11x=286\nx = 26\nBuicks:12+8(26)=220\nThe answer is 220.");
    assertEquals(Outcome.CLARIFY, bare.outcome(), bare.verdicts().toString());
    assertTrue(provenance(bare, Grade.WARN).stream().anyMatch(v -> v.message().contains("11, 15")), bare.verdicts().toString());
    // collected wrongly (12x + 15), the form differs from the equation before it: not grounded,
    // and the equation fails for the unknown's value
    SolutionAudit wrong = audit(JIM, COMBINED.replace("11x+15=301", "12x+15=301"));
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
    assertTrue(provenance(wrong, Grade.WARN).stream().anyMatch(v -> v.message().contains("12")), wrong.verdicts().toString());
    // a constant moved across wrongly (11x = 285) is no rewriting of 11x + 15 = 301
    SolutionAudit moved = audit(JIM, COMBINED.replace("11x=286", "11x=285"));
    assertNotEquals(Outcome.VERIFIED, moved.outcome());
  }

  @Test
  void bothSidesMayBeRewrittenAndSwapped() {
    String q = "Daytona Beach has 26 shark sightings a year. Daytona Beach has 5 more than triple the number of shark sightings as "
        + "Cape May. How many shark sightings are there in Cape May?";
    String right = "Let x be the number of shark sightings in Cape May\n26=5+3x\n21=3x\nx = 7\nThe answer is 7.";
    assertEquals(Outcome.VERIFIED, audit(q, right).outcome(), audit(q, right).verdicts().toString());
    assertEquals(Outcome.VERIFIED, audit(q, right.replace("21=3x", "3x=21")).outcome());
    // 22 = 3x is not 26 = 5 + 3x rewritten
    SolutionAudit wrong = audit(q, "Let x be the number of shark sightings in Cape May\n26=5+3x\n22=3x\nx = 22/3\nThe answer is 7.");
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
  }

  @Test
  void anEquationsSideTheQuestionGivesBindsNoAnswer() {
    // once the algebra is grounded, the answer binding is all that stands between a restated
    // given and VERIFIED: 16 is the question's number, not something the steps derived
    String q = "The Reptile House at the zoo has 5 fewer animals than 3 times the number of animals housed in the Rain Forest "
        + "exhibit. If the Reptile House has 16 animals, how many are in the Rain Forest exhibit?";
    String steps = "Let x be the number of animals in the Rain Forest exhibit\n3x-5=16\n3x=21\nx = 7\n";
    assertEquals(Outcome.VERIFIED, audit(q, steps + "The answer is 7.").outcome());
    SolutionAudit given = audit(q, steps + "The answer is 16.");
    assertEquals(Outcome.REFUSE, given.outcome());
    assertTrue(given.failures().stream().anyMatch(v -> v.rule().equals(Rules.BINDING_ANSWER)), given.verdicts().toString());
    // a side the steps derive binds: Carla's 2x = 20 games
    String frankie = "Frankie and Carla played 30 games of ping pong against each other.  Frankie won half as many games as did "
        + "Carla.  How many games did Carla win?";
    String carla = "Let x be the number of games that Frankie won.\nThen the number of games Carla won would be 2*x.\n"
        + "And the sum of all the games would be x+2*x=30 games.\nThus, the expression simplifies to 3*x=30.\nx = 10\n"
        + "Therefore, the number of Carla's wins would be 2x=20 games.\n";
    assertEquals(Outcome.VERIFIED, audit(frankie, carla + "The answer is 20.").outcome());
    assertEquals(Outcome.REFUSE, audit(frankie, carla + "The answer is 30.").outcome());
  }
}

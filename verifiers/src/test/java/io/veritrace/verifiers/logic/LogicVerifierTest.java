package io.veritrace.verifiers.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.Rules;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A logic claim verifies only when its translation traces to the question. */
class LogicVerifierTest {

  private static final String QUESTION =
      "Premises: All dogs are mammals. Rex is a dog. Cats purr.\n"
          + "Question: Based only on the premises, is the statement \"Rex is a mammal.\" true, false, or uncertain?";

  private final LogicVerifier verifier = new LogicVerifier();

  private Verdict verify(List<String> premises, List<String> glosses, String conclusion) {
    Claim.Logic claim = new Claim.Logic(premises, glosses, conclusion, "True");
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(new Step(0, "translation", List.of(claim))), "True", "True", "t", "");
    List<Verdict> verdicts = verifier.verify(Query.of("q", QUESTION), p, List.of());
    assertEquals(1, verdicts.size());
    return verdicts.get(0);
  }

  @Test
  void aTranslationOfTheQuestionsOwnSentencesPasses() {
    Verdict v = verify(List.of("∀x (Dog(x) → Mammal(x))", "Dog(rex)"), List.of("All dogs are mammals.", "Rex is a dog."),
        "Mammal(rex) ::: Rex is a mammal.");
    assertEquals(Grade.PASS, v.grade(), v.message());
    assertEquals(Rules.LOGIC_ENTAILED, v.rule());
  }

  @Test
  void aConclusionThatRestatesAPremiseIsNoEvidence() {
    Verdict v = verify(List.of("Mammal(rex)", "Dog(rex)"), List.of("Rex is a dog.", "Rex is a dog."), "Mammal(rex) ::: Rex is a mammal.");
    assertEquals(Rules.LOGIC_TRANSLATION, v.rule(), v.message());
    assertTrue(v.message().contains("premise 1 itself"), v.message());
  }

  @Test
  void aTautologyIsNoEvidence() {
    Verdict v = verify(List.of("Dog(rex)"), List.of("Rex is a dog."), "Mammal(rex) ∨ ¬Mammal(rex) ::: Rex is a mammal.");
    assertEquals(Rules.LOGIC_TRANSLATION, v.rule(), v.message());
    assertTrue(v.message().contains("whatever the premises say"), v.message());
    Verdict t = verify(List.of("Dog(rex)"), List.of("Rex is a dog."), "true ::: Rex is a mammal.");
    assertTrue(t.rejects(), t.message());
  }

  @Test
  void premisesTheQuestionNeverStatesAreNamed() {
    Verdict v = verify(List.of("∀x (Dog(x) → Mammal(x))", "Dog(rex)", "∀x Mammal(x)"),
        List.of("All dogs are mammals.", "Rex is a dog.", "Everything is a mammal."), "Mammal(rex) ::: Rex is a mammal.");
    assertEquals(Rules.LOGIC_TRANSLATION, v.rule(), v.message());
    assertTrue(v.message().contains("premise 3 “Everything is a mammal.” is not said"), v.message());
    Verdict none = verify(List.of("∀x (Dog(x) → Mammal(x))", "Dog(rex)"), List.of(), "Mammal(rex) ::: Rex is a mammal.");
    assertTrue(none.message().contains("premise 1 (no reading), premise 2 (no reading)"), none.message());
  }

  @Test
  void aConclusionThatIsNotTheQuestionsStatementFails() {
    Verdict v = verify(List.of("∀x (Dog(x) → Mammal(x))", "Dog(rex)"), List.of("All dogs are mammals.", "Rex is a dog."),
        "Dog(rex) ∨ Mammal(rex) ::: Rex is a dog or a cat.");
    assertEquals(Rules.LOGIC_TRANSLATION, v.rule(), v.message());
    assertTrue(v.message().contains("not the question's statement"), v.message());
    Verdict bare = verify(List.of("∀x (Dog(x) → Mammal(x))", "Dog(rex)"), List.of("All dogs are mammals.", "Rex is a dog."), "Mammal(rex)");
    assertTrue(bare.message().contains("the conclusion has no reading"), bare.message());
  }
}

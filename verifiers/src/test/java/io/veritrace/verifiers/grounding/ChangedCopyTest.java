package io.veritrace.verifiers.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.SolutionAudit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A claim that copies a cited sentence but changes a value in it, where the value is hard to see:
 * a name that opens the sentence (its capital proves nothing), a name glued to a prefix, a number
 * glued to its words. Sentences are from SQuAD's Wikipedia paragraphs, where these were missed.
 */
class ChangedCopyTest {

  private static final Source JACKSONVILLE =
      new Source("jax", "Jacksonville", "In 1564 the French founded Fort Caroline. Spain ceded Florida to the British in 1763 after"
          + " the French and Indian War, and the British soon constructed the King's Road. Jacksonville, like most large cities"
          + " in the United States, suffered from negative effects of rapid urban sprawl after World War II.");
  private static final Source EUROPE =
      new Source("eu", "Europe", "Italy and Beijing are named here only so that they occur in a source.");
  private static final Source CHICAGO =
      new Source("uchicago", "University of Chicago", "In physics, the university was the site of the Chicago Pile-1 (the first"
          + " self-sustained man-made nuclear reaction). The harmonic series 1 + 1/2 + 1/3 + 1/4 + ... diverges."
          + " Three additional putative species were found in rocks of the mid-Cambrian period, 2 of them in Canada."
          + " Oxygen also occurs in phosphate (PO3−\n4) groups in the energy-carrying molecules ATP and ADP, 5 of them.");

  private static SolutionAudit audit(String solution) {
    Query q = new Query("q", "q", "What do the articles say?", List.of(), List.of(), List.of(JACKSONVILLE, EUROPE, CHICAGO), "2026-11-30");
    return SolutionAudit.of(CheckSuite.standard(), q, solution);
  }

  private static void rejected(String solution, String rule) {
    SolutionAudit audit = audit(solution);
    assertFalse(audit.accepted(), solution);
    assertTrue(audit.failures().stream().map(Verdict::rule).anyMatch(rule::equals), solution + " → " + audit.failures());
  }

  @Test
  void verbatimSentencesStayAccepted() {
    for (String s : List.of(
        "Spain ceded Florida to the British in 1763 after the French and Indian War [jax].",
        "Jacksonville, like most large cities in the United States, suffered from negative effects of rapid urban sprawl [jax].",
        "In physics, the university was the site of the Chicago Pile-1 [uchicago].",
        "The harmonic series 1 + 1/2 + 1/3 + 1/4 + ... diverges [uchicago].",
        "Three additional putative species were found in rocks of the mid-Cambrian period [uchicago].")) {
      SolutionAudit audit = audit(s);
      assertTrue(audit.failures().isEmpty(), s + " → " + audit.failures());
    }
  }

  @Test
  void aNameSwappedIntoTheOpeningOfACopiedSentenceIsRejectedThoughItReadsLikeAnAdverbOrAGerund() {
    rejected("Italy ceded Florida to the British in 1763 after the French and Indian War [jax].", "grounding.citation");
    rejected("Beijing, like most large cities in the United States, suffered from negative effects of rapid urban sprawl [jax].",
        "grounding.citation");
  }

  @Test
  void aTrimmedOrRewordedOpeningIsNoSwap() {
    // the copy keeps the source's name and drops only what came before it
    SolutionAudit trimmed = audit("The French founded Fort Caroline in 1564 [jax]. Spain ceded Florida to the British in 1763 after the French and Indian War [jax].");
    assertTrue(trimmed.failures().isEmpty(), trimmed.failures().toString());
    SolutionAudit reworded = audit("The city, like most large cities in the United States, suffered from negative effects of rapid urban sprawl [jax].");
    assertTrue(reworded.failures().isEmpty(), reworded.failures().toString());
  }

  @Test
  void aNameGluedToAPrefixIsAName() {
    assertEquals(List.of("Cambrian"), SpecificFinder.in("rocks of the mid-Cambrian period").stream().map(Specific::text).toList());
    rejected("Three additional putative species were found in rocks of the mid-Jacksonville period [uchicago].", "grounding.citation");
  }

  @Test
  void aNumberGluedToItsWordsIsComparedWithTheCopiedSentence() {
    // 2 occurs elsewhere in the cited paragraph; the copied sentence has 1 there
    rejected("In physics, the university was the site of the Chicago Pile-2 (the first self-sustained man-made nuclear reaction).", "grounding.specific.number");
    rejected("The harmonic series 1 + 1/4 + 1/3 + 1/4 + ... diverges.", "grounding.specific.number");
    // a subscript on a line of its own continues the parenthesis the line before opened: a value,
    // not list numbering (each line is a step, so the step opens with "5)")
    rejected("Oxygen also occurs in phosphate (PO3−\n5) groups in the energy-carrying molecules ATP and ADP [uchicago].",
        "grounding.specific.number");
    SolutionAudit verbatim = audit("Oxygen also occurs in phosphate (PO3−\n4) groups in the energy-carrying molecules ATP and ADP [uchicago].");
    assertTrue(verbatim.failures().isEmpty(), verbatim.failures().toString());
    SolutionAudit list = audit("The molecules (both of them):\n7) ATP [uchicago]\n8) ADP [uchicago]");
    assertTrue(list.failures().isEmpty(), "list numbering is still no number: " + list.failures());
  }
}

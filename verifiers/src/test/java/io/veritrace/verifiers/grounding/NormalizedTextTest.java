package io.veritrace.verifiers.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one text normaliser: words for comparing, folded characters for parsing. */
class NormalizedTextTest {

  @Test
  void wordsForComparing() {
    assertEquals("midsummer's night polish-lithuanian u.s café", NormalizedText.normalize("Midsummer’s  Night — Polish–Lithuanian U.S. Cafe\u0301"));
    assertEquals("vγ9/vδ2 p-2626", NormalizedText.normalize("Vγ9/Vδ2, P‑2626."));
  }

  @Test
  void foldedCharactersKeepCaseAndPunctuation() {
    assertEquals("It's 3-5 pm, \"June 1\" - 2 days", NormalizedText.folded("It’s 3–5\u00A0\u00A0pm, “June 1” − 2\tdays"));
    assertEquals("Café file", NormalizedText.folded("Cafe\u0301 \uFB01le"));
  }
}

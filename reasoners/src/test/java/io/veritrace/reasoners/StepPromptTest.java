package io.veritrace.reasoners;

import io.veritrace.reasoners.StepPrompt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Claim;
import io.veritrace.core.Correction;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Role;
import io.veritrace.core.Source;
import io.veritrace.core.Turn;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepPromptTest {

  @Test
  void aReplyInTheStepFormatBecomesStepsWithClaimsAndAnAnswer() {
    Proposal p = StepPrompt.read("Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nAltogether 48+24 = <<48+24=72>>72 clips.\n#### 72", "local:m");
    assertEquals(Proposal.Stance.ANSWER, p.stance());
    assertEquals("72", p.answer());
    assertEquals(3, p.steps().size());
    assertEquals(new Claim.Arithmetic("48/2", "24"), p.steps().get(0).claims().get(0));
    assertEquals("local:m", p.reasoner());
  }

  @Test
  void abstentionLinesBecomeClarifyAndRefuse() {
    Proposal c = StepPrompt.read("  CLARIFY: How many pens did Anna start with?\n", "r");
    assertEquals(Proposal.Stance.CLARIFY, c.stance());
    assertEquals("How many pens did Anna start with?", c.answer());
    Proposal r = StepPrompt.read("refuse: Tom cannot have both 3 and 5 apples.", "r");
    assertEquals(Proposal.Stance.REFUSE, r.stance());
    assertTrue(r.steps().isEmpty());
  }

  @Test
  void noiseAndBrokenJsonAreReadAsTextForTheCheckersToReject() {
    Proposal broken = StepPrompt.read("{ \"steps\": [ 12 apples", "r");
    assertEquals(Proposal.Stance.ANSWER, broken.stance());
    assertEquals("", broken.answer());
    assertEquals(1, broken.steps().size());
    Proposal noise = StepPrompt.read("apples apples 7 = ? the", "r");
    assertEquals("", noise.answer());
  }

  @Test
  void theConversationCarriesHistorySourcesAndTheCorrectorsFindings() {
    Query q = new Query("q1", "s1", "How many apples are left?", List.of(Turn.user("Tom has 12 apples."), Turn.assistant("Noted.")),
        List.of(), List.of(new Source("d1", "Shop", "Tom gives away 5 apples.")), null);
    List<Turn> first = StepPrompt.conversation(ReasonerRequest.first(q));
    assertEquals(Role.SYSTEM, first.get(0).role());
    assertEquals(StepPrompt.SYSTEM, first.get(0).text());
    assertEquals("Tom has 12 apples.", first.get(1).text());
    assertEquals("Sources:\n[d1] Shop: Tom gives away 5 apples.\n\nQuestion: How many apples are left?", first.get(3).text());
    assertEquals(4, first.size());

    Proposal previous = StepPrompt.read("12-5 = <<12-5=8>>8\n#### 8", "r");
    Correction findings = new Correction(List.of(), null, "Step 1: 12-5 is 7, not 8.");
    List<Turn> revision = StepPrompt.conversation(new ReasonerRequest(q, 2, previous, findings));
    assertEquals(6, revision.size());
    assertEquals(Turn.assistant("12-5 = <<12-5=8>>8\n#### 8"), revision.get(4));
    assertTrue(revision.get(5).text().contains("Step 1: 12-5 is 7, not 8."));
  }
}

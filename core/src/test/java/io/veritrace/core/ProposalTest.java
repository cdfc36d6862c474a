package io.veritrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalTest {

  @Test
  void theReplyIsTheMarkedAnswerOrElseTheStepsText() {
    List<Step> steps = List.of(new Step(0, "Returns are accepted within 30 days [refunds].", List.of()),
        new Step(1, "Refunds take 5 business days [refunds].", List.of()));
    assertEquals("30 days", new Proposal(Proposal.Stance.ANSWER, steps, "30 days", "", "r", "").reply());
    assertEquals("Returns are accepted within 30 days [refunds].\nRefunds take 5 business days [refunds].",
        new Proposal(Proposal.Stance.ANSWER, steps, " ", "", "r", "").reply());
    assertEquals("", new Proposal(Proposal.Stance.ANSWER, List.of(), "", "", "r", "").reply());
  }
}

package io.veritrace.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Objects;

/**
 * What the Corrector made of a round's failures: either a repaired proposal (a deterministic fix
 * it is certain of, to be checked again) or findings to send back to the reasoner.
 *
 * @param findings the verdicts that need attention (failures, and warnings to justify)
 * @param repaired the repaired proposal, or null when the reasoner must revise
 * @param instruction the message for the reasoner naming step, claim and counterexample
 */
public record Correction(List<Verdict> findings, Proposal repaired, String instruction)
    implements CborSerializable {
  public Correction {
    findings = List.copyOf(findings);
    Objects.requireNonNull(instruction, "instruction");
  }

  @JsonIgnore
  public boolean isRepair() {
    return repaired != null;
  }
}

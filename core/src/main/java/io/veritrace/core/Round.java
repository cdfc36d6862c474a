package io.veritrace.core;

import java.util.List;
import java.util.Objects;

/**
 * One iteration of a query loop: the proposal, every verdict on it, and the correction that
 * followed (null in the last round).
 */
public record Round(
    int number, Proposal proposal, List<Verdict> verdicts, Correction correction, long nanos)
    implements CborSerializable {
  public Round {
    Objects.requireNonNull(proposal, "proposal");
    verdicts = List.copyOf(verdicts);
  }

  public List<Verdict> rejections() {
    return verdicts.stream().filter(Verdict::rejects).toList();
  }

  /** Tokens every model call of this round cost: the proposal's and any check's that asked a model. */
  public TokenUsage usage() {
    TokenUsage total = proposal.usage();
    for (Verdict v : verdicts) total = total.plus(v.usage());
    return total;
  }

  public List<Verdict> warnings() {
    return verdicts.stream().filter(v -> v.grade() == Grade.WARN).toList();
  }
}

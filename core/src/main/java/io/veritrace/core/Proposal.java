package io.veritrace.core;

import java.util.List;
import java.util.Objects;

/**
 * What a reasoner offers in one round: an answer with the steps that derive it, or an abstention
 * (a clarifying question, or a refusal with its reason). Abstentions are checked too.
 *
 * @param stance whether this answers, asks back or refuses
 * @param steps the reasoning, in order
 * @param answer the final answer; for CLARIFY the question, for REFUSE the reason
 * @param text the raw text the reasoner produced, kept for the trace
 * @param reasoner which reasoner (and model) produced it
 * @param adapter the adapter version the model ran with; empty for none
 * @param usage the tokens the model calls behind this proposal cost
 */
public record Proposal(
    Stance stance, List<Step> steps, String answer, String text, String reasoner, String adapter, TokenUsage usage)
    implements CborSerializable {

  public enum Stance {
    ANSWER,
    CLARIFY,
    REFUSE
  }

  public Proposal {
    Objects.requireNonNull(stance, "stance");
    steps = steps == null ? List.of() : List.copyOf(steps);
    answer = answer == null ? "" : answer;
    text = text == null ? "" : text;
    reasoner = reasoner == null ? "" : reasoner;
    adapter = adapter == null ? "" : adapter;
    usage = usage == null ? TokenUsage.NONE : usage;
  }

  /** A proposal whose cost in tokens is not known (not from a model server, or not reported). */
  public Proposal(Stance stance, List<Step> steps, String answer, String text, String reasoner, String adapter) {
    this(stance, steps, answer, text, reasoner, adapter, TokenUsage.NONE);
  }

  public Proposal withUsage(TokenUsage replacement) {
    return new Proposal(stance, steps, answer, text, reasoner, adapter, replacement);
  }

  /** Whether any step carries a claim of {@code kind}. */
  public boolean carries(Class<? extends Claim> kind) {
    for (Step s : steps) for (Claim c : s.claims()) if (kind.isInstance(c)) return true;
    return false;
  }

  /**
   * What the user is told: the marked final answer, or, when none is marked (an answer read from
   * sources is its sentences, with nothing computed), the steps' text.
   */
  public String reply() {
    return answer.isBlank() ? steps.stream().map(Step::text).collect(java.util.stream.Collectors.joining("\n")) : answer;
  }

  public Proposal withSteps(List<Step> replacement, String newAnswer) {
    return new Proposal(stance, replacement, newAnswer, text, reasoner, adapter, TokenUsage.NONE); // no model call made it
  }
}

package io.veritrace.core;

import java.util.Objects;

/**
 * One checker's judgement of one claim.
 *
 * @param checker the checker that judged ({@code arithmetic}, {@code provenance}, ...)
 * @param rule the rule applied, stable for reports and datasets ({@code arithmetic.result})
 * @param grade pass, warn, fail, error or not applicable
 * @param step index of the step judged; -1 for the proposal as a whole
 * @param message what was found, in words fit to show a person or a model
 * @param counterexample the evidence against the claim (the correct value, a model); may be empty
 * @param suggestedFix a repair the checker is certain of (the recomputed value); empty if none
 * @param ending non-null when the finding is about the question, not the reasoning, and so
 *     decides the outcome: CLARIFY (the facts do not determine the answer) or REFUSE (they
 *     contradict each other); {@code message} is then the question or the reason for the user
 * @param covers the claims this verdict judges, by {@link #claimKey(int, int)} (or
 *     {@link #textKey(int)} for what a step's words assert); empty when it judges none in
 *     particular. A claim counts as checked only when a passing verdict covers it and no other
 *     verdict on it warns or rejects: one pass never stands for the rest of the answer.
 * @param usage tokens a model server counted for the calls this check made (a second derivation
 *     asks the model too); zero for checks that call no model, so the reply's usage sums every call
 */
public record Verdict(
    String checker,
    String rule,
    Grade grade,
    int step,
    String message,
    String counterexample,
    String suggestedFix,
    Outcome ending,
    java.util.List<String> covers,
    TokenUsage usage)
    implements CborSerializable {

  public Verdict(String checker, String rule, Grade grade, int step, String message, String counterexample,
      String suggestedFix, Outcome ending, java.util.List<String> covers) {
    this(checker, rule, grade, step, message, counterexample, suggestedFix, ending, covers, TokenUsage.NONE);
  }

  public Verdict(String checker, String rule, Grade grade, int step, String message, String counterexample,
      String suggestedFix, Outcome ending) {
    this(checker, rule, grade, step, message, counterexample, suggestedFix, ending, java.util.List.of());
  }

  /** The key of claim {@code index} of step {@code step}: what {@link #covers} names. */
  public static String claimKey(int step, int index) {
    return step + "." + index;
  }

  /** The key of what step {@code step}'s own words assert (a sentence answered from sources). */
  public static String textKey(int step) {
    return step + ".text";
  }

  /** This verdict, naming the claims it judges. */
  public Verdict covering(String... keys) {
    return new Verdict(checker, rule, grade, step, message, counterexample, suggestedFix, ending, java.util.List.of(keys), usage);
  }

  /** This verdict, charged with the tokens the model calls behind it cost. */
  public Verdict withUsage(TokenUsage spent) {
    return new Verdict(checker, rule, grade, step, message, counterexample, suggestedFix, ending, covers, spent);
  }

  public Verdict {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(grade, "grade");
    message = message == null ? "" : message;
    counterexample = counterexample == null ? "" : counterexample;
    suggestedFix = suggestedFix == null ? "" : suggestedFix;
    covers = covers == null ? java.util.List.of() : java.util.List.copyOf(covers);
    usage = usage == null ? TokenUsage.NONE : usage;
    if (ending == Outcome.VERIFIED || ending == Outcome.UNVERIFIED) {
      throw new IllegalArgumentException("a verdict can only end a query in CLARIFY or REFUSE");
    }
  }

  public static Verdict pass(String checker, String rule, int step, String message) {
    return new Verdict(checker, rule, Grade.PASS, step, message, "", "", null);
  }

  public static Verdict warn(String checker, String rule, int step, String message) {
    return new Verdict(checker, rule, Grade.WARN, step, message, "", "", null);
  }

  public static Verdict fail(
      String checker, String rule, int step, String message, String counterexample, String fix) {
    return new Verdict(checker, rule, Grade.FAIL, step, message, counterexample, fix, null);
  }

  public static Verdict error(String checker, String rule, int step, String message) {
    return new Verdict(checker, rule, Grade.ERROR, step, message, "", "", null);
  }

  /** A finding that the question itself cannot be answered as asked. */
  public static Verdict ending(
      String checker, String rule, int step, Outcome outcome, String message, String evidence) {
    return new Verdict(checker, rule, Grade.FAIL, step, message, evidence, "", outcome);
  }

  public boolean rejects() {
    return grade.rejects();
  }
}

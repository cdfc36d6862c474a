package io.veritrace.trainer;

import java.util.List;

/**
 * Decides whether a trained adapter may serve. It must raise the first-round verification rate on
 * held-out failure prompts (prompts whose first answer failed a check, none of them trained on),
 * and may lower the rate on the general replay set by at most {@code replayMarginPoints}
 * percentage points (default 1). An adapter is never trusted for looking better: both rates are
 * measured against the base model on the same prompts, by the same checks.
 */
public record EvaluationGate(double replayMarginPoints) {

  public static final EvaluationGate DEFAULT = new EvaluationGate(1.0);

  public EvaluationGate {
    if (!(replayMarginPoints >= 0 && replayMarginPoints <= 100)) {
      throw new IllegalArgumentException("replay margin must be 0 to 100 points: " + replayMarginPoints);
    }
  }

  /** Whether the first round's answer to {@code prompt} verified, with the candidate adapter or without any. */
  @FunctionalInterface
  public interface FirstRound {
    boolean verified(String prompt, boolean withAdapter);
  }

  /** The rates measured, in percent, and on how many prompts. */
  public record Figures(int heldOut, double baseHeldOut, double candidateHeldOut, int replay, double baseReplay, double candidateReplay) {}

  /** What the gate decided about {@code candidate}, and why. */
  public record Decision(String candidate, boolean promoted, String reason, Figures figures, double replayMarginPoints) {}

  /** Measures both sets with and without the adapter and decides. */
  public Decision decide(String candidate, List<String> heldOut, List<String> replay, FirstRound firstRound) {
    if (heldOut.isEmpty()) throw new IllegalArgumentException("no held-out failure prompts to evaluate on");
    if (replay.isEmpty()) throw new IllegalArgumentException("no replay prompts to evaluate on");
    Figures f = new Figures(heldOut.size(), rate(heldOut, firstRound, false), rate(heldOut, firstRound, true),
        replay.size(), rate(replay, firstRound, false), rate(replay, firstRound, true));
    return decide(candidate, f);
  }

  /** The decision on figures already measured. */
  public Decision decide(String candidate, Figures f) {
    double drop = f.baseReplay() - f.candidateReplay();
    String reason;
    boolean promote = false;
    if (f.candidateHeldOut() <= f.baseHeldOut()) {
      reason = String.format("held-out failure prompts: %.1f%% verified at the first round with the adapter, %.1f%% without; no improvement",
          f.candidateHeldOut(), f.baseHeldOut());
    } else if (drop > replayMarginPoints + 1e-9) {
      reason = String.format("replay set: %.1f%% → %.1f%%, a drop of %.1f points exceeds the margin of %.1f",
          f.baseReplay(), f.candidateReplay(), drop, replayMarginPoints);
    } else {
      promote = true;
      reason = String.format("held-out failure prompts %.1f%% → %.1f%%; replay %.1f%% → %.1f%% (margin %.1f points)",
          f.baseHeldOut(), f.candidateHeldOut(), f.baseReplay(), f.candidateReplay(), replayMarginPoints);
    }
    return new Decision(candidate, promote, reason, f, replayMarginPoints);
  }

  private static double rate(List<String> prompts, FirstRound firstRound, boolean withAdapter) {
    long verified = prompts.stream().filter(p -> firstRound.verified(p, withAdapter)).count();
    return 100.0 * verified / prompts.size();
  }
}

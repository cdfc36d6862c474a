package io.veritrace.reasoners.simulated;

import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One simulated session's query and the truth to judge its outcome by.
 */
public record Scenario(Query query, SimulatedTask task) {

  /** How an outcome compares with the truth. */
  public enum Judgement {
    CORRECT_ANSWER,
    WRONG_ANSWER_SERVED,
    CORRECT_ABSTENTION,
    NEEDLESS_ABSTENTION,
    UNANSWERABLE_ANSWERED
  }

  /**
   * {@code n} scenarios for {@code seed}: 70 % answerable, 15 % missing a quantity, 15 %
   * contradictory, in a seeded order.
   */
  public static List<Scenario> generate(int n, long seed) {
    Random mix = new Random(seed);
    List<Scenario> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double r = mix.nextDouble();
      Variant v = r < 0.70 ? Variant.ANSWERABLE : r < 0.85 ? Variant.MISSING_QUANTITY : Variant.CONTRADICTORY;
      WordProblem p = WordProblems.generate(seed, i, v);
      String id = "sim-" + seed + "-" + i;
      out.add(new Scenario(Query.of(id, p.question()), p));
    }
    return out;
  }

  /**
   * {@code n} scenarios for {@code seed}, a {@code logicShare} of them logic stories (a quarter
   * each True, False, Uncertain and Inconsistent), the rest word problems as in {@link
   * #generate}.
   */
  public static List<Scenario> mixed(int n, long seed, double logicShare) {
    List<Scenario> words = generate(n, seed);
    Random mix = new Random(seed ^ 0x10_61C);
    List<Scenario> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (mix.nextDouble() < logicShare) {
        LogicStory s = LogicStories.generate(seed, i, LogicStories.LABELS.get(mix.nextInt(LogicStories.LABELS.size())));
        out.add(new Scenario(Query.of("sim-" + seed + "-" + i, s.question()), s));
      } else {
        out.add(words.get(i));
      }
    }
    return out;
  }

  /** Judges an outcome with its answer text against the truth. */
  public Judgement judge(Outcome outcome, String answer) {
    boolean answered = outcome == Outcome.VERIFIED || outcome == Outcome.UNVERIFIED;
    if (task.expected() != Outcome.VERIFIED) {
      return answered ? Judgement.UNANSWERABLE_ANSWERED : Judgement.CORRECT_ABSTENTION;
    }
    if (!answered) return Judgement.NEEDLESS_ABSTENTION;
    return same(task.answerText(), answer.strip()) ? Judgement.CORRECT_ANSWER : Judgement.WRONG_ANSWER_SERVED;
  }

  private static boolean same(String expected, String answer) {
    try {
      return new BigInteger(answer).equals(new BigInteger(expected));
    } catch (NumberFormatException e) {
      return expected.equalsIgnoreCase(answer);
    }
  }
}

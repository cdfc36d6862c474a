package io.veritrace.reasoners.simulated;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.veritrace.core.Outcome;
import io.veritrace.core.Source;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One user turn of a scripted session with its ground truth.
 *
 * @param user what the user sends
 * @param sources documents sent with it; empty for none
 * @param referenceDate what "today" means for it; null for the server's clock
 * @param expected the outcome a correct runtime reaches: VERIFIED, CLARIFY or REFUSE
 * @param answer for VERIFIED, the right answer (a number, True / False, or the specific a document
 *     gives); empty otherwise
 * @param missing for CLARIFY, the words a clarifying question must contain to name what is missing
 *     (or the false statement); empty otherwise
 * @param task what the simulated reasoner answers this turn from; null in files written for other
 *     backends (the ground truth above is all a driver needs)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScriptTurn(
    String user, List<Source> sources, String referenceDate, Outcome expected, String answer, String missing, SimulatedTask task) {

  private static final Pattern INTEGER = Pattern.compile("-?\\d[\\d,]*");

  public ScriptTurn {
    if (user == null || user.isBlank()) throw new IllegalArgumentException("a turn needs the user's text");
    if (expected == null || expected == Outcome.UNVERIFIED) {
      throw new IllegalArgumentException("a turn's expected outcome is VERIFIED, CLARIFY or REFUSE, not " + expected);
    }
    sources = sources == null ? List.of() : List.copyOf(sources);
    answer = answer == null ? "" : answer;
    missing = missing == null ? "" : missing;
    if (expected == Outcome.VERIFIED && answer.isBlank()) throw new IllegalArgumentException("a VERIFIED turn needs its right answer");
  }

  /** Judges what the user got ({@code outcome}, with {@code text}) against the truth. */
  public Judgement judge(Outcome outcome, String text) {
    boolean answered = outcome == Outcome.VERIFIED || outcome == Outcome.UNVERIFIED;
    if (expected != Outcome.VERIFIED) {
      if (answered) return Judgement.UNANSWERABLE_ANSWERED;
      return outcome == expected ? Judgement.RIGHT_ABSTENTION : Judgement.OTHER_ABSTENTION;
    }
    if (!answered) return Judgement.NEEDLESS_ABSTENTION;
    return right(text) ? Judgement.CORRECT_ANSWER : Judgement.WRONG_ANSWER_SERVED;
  }

  /** Whether a clarifying question names what is missing. */
  public boolean namesMissing(String text) {
    return !missing.isEmpty() && text.toLowerCase(Locale.ROOT).contains(missing.toLowerCase(Locale.ROOT));
  }

  /** A number is right when the answer's last number is it; anything else when the answer contains it. */
  private boolean right(String text) {
    if (answer.matches("-?\\d+")) {
      Matcher m = INTEGER.matcher(text);
      String last = null;
      while (m.find()) last = m.group();
      return last != null && last.replace(",", "").equals(answer);
    }
    return text.toLowerCase(Locale.ROOT).contains(answer.toLowerCase(Locale.ROOT));
  }
}

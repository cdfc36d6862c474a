package io.veritrace.trainer;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Round;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What one trace teaches: the prompt, the verified answer, the failed ones, the abstention. */
final class TraceExamples {
  private TraceExamples() {}

  /**
   * Abstentions worth teaching: ones a check demanded or accepted. A REFUSE because the budget
   * ran out or a worker failed says nothing about the question, so it is not a target.
   */
  private static final Set<String> TEACHING_STOPS = Set.of("reasoner-asked", "reasoner-refused");

  /** The conversation up to the question: sources as a system message, the history, the question. */
  static List<Message> prompt(Query q) {
    List<Message> out = new ArrayList<>();
    if (!q.sources().isEmpty()) {
      StringBuilder s = new StringBuilder("Answer from these sources only.\n");
      for (Source src : q.sources()) s.append("\n[").append(src.id()).append("] ").append(src.title()).append('\n').append(src.text()).append('\n');
      out.add(new Message("system", s.toString().strip()));
    }
    for (Turn t : q.history()) out.add(new Message(t.role().name().toLowerCase(Locale.ROOT), t.text()));
    out.add(Message.user(q.question()));
    return out;
  }

  /** The proposal's steps as the model should write them, ending with its answer. */
  static String render(Proposal p) {
    StringBuilder s = new StringBuilder();
    for (Step step : p.steps()) s.append(step.text().strip()).append('\n');
    String text = s.toString().strip();
    if (p.stance() == Proposal.Stance.ANSWER && !text.contains("#### ")) text = (text + "\n#### " + p.answer()).strip();
    return text.isEmpty() ? p.answer() : text;
  }

  /** The verified answer, or null when the trace did not end VERIFIED. */
  static String verified(Trace t) {
    if (t.outcome() != Outcome.VERIFIED || t.rounds().isEmpty()) return null;
    return render(t.rounds().get(t.rounds().size() - 1).proposal());
  }

  /** Rounds that failed a check, each with its distinct rendering. */
  static List<Round> failedRounds(Trace t) {
    List<Round> out = new ArrayList<>();
    for (Round r : t.rounds()) if (!r.rejections().isEmpty()) out.add(r);
    return out;
  }

  /** The clarifying question or refusal to teach, or null. */
  static String abstention(Trace t) {
    if (t.outcome() != Outcome.CLARIFY && t.outcome() != Outcome.REFUSE) return null;
    boolean checked = t.stopReason().startsWith("ending:") || t.stopReason().startsWith("unjustified:")
        || TEACHING_STOPS.contains(t.stopReason());
    return checked && !t.text().isBlank() ? t.text() : null;
  }

  /** The rules that failed anywhere in the trace. */
  static Set<String> failureRules(Trace t) {
    Set<String> rules = new LinkedHashSet<>();
    for (Round r : t.rounds()) for (Verdict v : r.rejections()) rules.add(v.rule());
    return rules;
  }
}

package io.veritrace.reasoners;

import io.veritrace.core.Claim;
import io.veritrace.core.Proposal;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.steps.StepFormatException;
import io.veritrace.verifiers.steps.StepParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation a chat model is given for a reasoner request, and how its reply becomes a
 * proposal. The reply format is the one {@link StepParser} reads and the simulated reasoner
 * writes (one step per line, calculator annotations, {@code #### answer}); abstentions are a
 * single {@code CLARIFY:} or {@code REFUSE:} line. A revision round shows the model its previous
 * reply and the corrector's findings.
 */
public final class StepPrompt {

  public static final String SYSTEM = """
      You solve problems step by step, and a machine checks every step.
      Write one step per line. Write each calculation with a calculator annotation, like \
      "Half of 48 is 48/2 = <<48/2=24>>24 clips." Use only numbers the question states or earlier steps computed.
      End with a line "#### " followed by the final answer alone, for example "#### 72".
      If the question leaves out a quantity you need, reply with one line "CLARIFY: " and the question to ask.
      If the question contradicts itself or assumes something false, reply with one line "REFUSE: " and the reason.
      If sources are given, answer from them only: put the source id in brackets after each claim, like [refund-policy], \
      and quote only words the source contains. If the sources do not say, reply "CLARIFY: " and what they leave open.
      If the question gives premises and asks whether a statement follows from them, translate instead: a line \
      "Premises:", then one first-order formula per premise (∀x, ∃x, ¬, ∧, ∨, →, ↔, ⊕, predicates like Dog(rex)), \
      each followed by " ::: " and the premise sentence; a line "Conclusion:" with the statement's formula, " ::: " \
      and the statement; then "#### True", "#### False" or "#### Uncertain".""";

  private static final Pattern ABSTENTION = Pattern.compile("^\\s*(CLARIFY|REFUSE)\\s*:\\s*(.*)$", Pattern.CASE_INSENSITIVE);

  private StepPrompt() {}

  /** Where the client's own system and developer messages start in the system prompt, after Veritrace's. */
  public static final String APPLICATION = "Instructions from the application you are serving (follow them where they do not change "
      + "the reply format above, which a machine relies on):";

  /**
   * The system prompt, the earlier turns, the question with its sources, and any revision. The
   * client's system messages are part of the one system prompt, after Veritrace's and marked as the
   * application's (some chat templates take a single system message, first).
   */
  public static List<Turn> conversation(ReasonerRequest request) {
    List<Turn> turns = new ArrayList<>();
    StringBuilder system = new StringBuilder(SYSTEM);
    List<Turn> history = request.query().history();
    if (history.stream().anyMatch(t -> t.role() == io.veritrace.core.Role.SYSTEM)) {
      system.append("\n\n").append(APPLICATION).append("\n<<<\n");
      history.stream().filter(t -> t.role() == io.veritrace.core.Role.SYSTEM).forEach(t -> system.append(t.text().strip()).append('\n'));
      system.append(">>>");
    }
    turns.add(new Turn(io.veritrace.core.Role.SYSTEM, system.toString()));
    history.stream().filter(t -> t.role() != io.veritrace.core.Role.SYSTEM).forEach(turns::add);
    turns.add(Turn.user(question(request)));
    if (request.isRevision() && request.previous() != null) {
      turns.add(Turn.assistant(request.previous().text()));
      StringBuilder findings = new StringBuilder("A checker found problems in your solution:\n");
      for (Verdict v : request.correction().findings()) {
        findings.append("- ").append(v.step() >= 0 ? "step " + v.step() + ", " : "").append(v.rule()).append(": ").append(v.message());
        if (!v.counterexample().isEmpty()) findings.append(" (evidence: ").append(v.counterexample()).append(')');
        if (!v.suggestedFix().isEmpty()) findings.append(" (fix: ").append(v.suggestedFix()).append(')');
        findings.append('\n');
      }
      if (!request.correction().instruction().isBlank()) findings.append(request.correction().instruction()).append('\n');
      turns.add(Turn.user(findings + "Write the whole corrected solution in the same format."));
    }
    return turns;
  }

  private static String question(ReasonerRequest request) {
    if (request.query().sources().isEmpty()) return request.query().question();
    StringBuilder sb = new StringBuilder("Sources:\n");
    for (Source s : request.query().sources()) {
      sb.append("[").append(s.id()).append("] ").append(s.title().isEmpty() ? "" : s.title() + ": ").append(s.text()).append('\n');
    }
    return sb.append("\nQuestion: ").append(request.query().question()).toString();
  }

  /** Reads a model's reply: an abstention line, or steps for the checkers. */
  public static Proposal read(String reply, String reasoner) {
    String firstLine = reply.strip().lines().findFirst().orElse("");
    Matcher m = ABSTENTION.matcher(firstLine);
    if (m.matches()) {
      Proposal.Stance stance = m.group(1).equalsIgnoreCase("CLARIFY") ? Proposal.Stance.CLARIFY : Proposal.Stance.REFUSE;
      return new Proposal(stance, List.of(), m.group(2).strip(), reply, reasoner, "");
    }
    Proposal translation = translation(reply, reasoner);
    if (translation != null) return translation;
    try {
      return StepParser.parse(reply, reasoner);
    } catch (StepFormatException e) {
      // a reply that looks like JSON but is not: read it as text, and let the checkers reject it
      return StepParser.parseText(reply, reasoner);
    }
  }

  private static final Pattern FORMULA_LINE = Pattern.compile("^(.*?)\\s*:::\\s*(.*)$");
  private static final Pattern LABEL = Pattern.compile("^\\s*####\\s*(True|False|Uncertain|Unknown)\\b.*$", Pattern.CASE_INSENSITIVE);

  /**
   * A logic translation (Premises: / Conclusion: / #### label) as one step carrying a logic
   * claim; null if the reply is not one. Uncertain asks for clarification, so the checker can
   * word the question.
   */
  static Proposal translation(String reply, String reasoner) {
    List<String> lines = reply.strip().lines().map(String::strip).toList();
    int premisesAt = lines.indexOf("Premises:");
    int conclusionAt = lines.indexOf("Conclusion:");
    if (premisesAt < 0 || conclusionAt <= premisesAt) return null;
    List<String> formulas = new ArrayList<>();
    List<String> glosses = new ArrayList<>();
    for (String l : lines.subList(premisesAt + 1, conclusionAt)) {
      if (l.isEmpty()) continue;
      Matcher f = FORMULA_LINE.matcher(l);
      formulas.add(f.matches() ? f.group(1) : l);
      glosses.add(f.matches() ? f.group(2) : "");
    }
    String conclusion = "";
    String label = "";
    for (String l : lines.subList(conclusionAt + 1, lines.size())) {
      Matcher m = LABEL.matcher(l);
      if (m.matches()) {
        label = m.group(1).equalsIgnoreCase("unknown") ? "Uncertain" : Character.toUpperCase(m.group(1).charAt(0)) + m.group(1).substring(1).toLowerCase();
      } else if (conclusion.isEmpty() && !l.isEmpty()) {
        conclusion = l;
      }
    }
    Step step = new Step(0, reply.strip(), List.of(new Claim.Logic(formulas, glosses, conclusion, label)));
    Proposal.Stance stance = label.equals("Uncertain") ? Proposal.Stance.CLARIFY : Proposal.Stance.ANSWER;
    return new Proposal(stance, List.of(step), label, reply, reasoner, "");
  }
}

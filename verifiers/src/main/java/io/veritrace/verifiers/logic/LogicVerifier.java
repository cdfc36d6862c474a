package io.veritrace.verifiers.logic;

import io.veritrace.core.Claim;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.Rules;
import io.veritrace.verifiers.grounding.NormalizedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides a reasoner's logic claims (its translation of the premises and the conclusion, and the
 * truth value it gives) with Z3, and compares the decision with the claim.
 *
 * <ul>
 *   <li>entailed / refuted and claimed so: PASS, with the premises that prove it;
 *   <li>claimed otherwise: FAIL {@code logic.label}, back to the reasoner with the evidence;
 *   <li>undetermined and claimed so: ends in CLARIFY with a question naming the fact that would
 *       settle it;
 *   <li>inconsistent premises and claimed so: ends in REFUSE naming the premises that conflict;
 *       claimed otherwise, the translation goes back to be checked first;
 *   <li>unreadable: FAIL {@code logic.parse} with a message for the translator; a repair that
 *       changes the formula's structure: FAIL {@code logic.repair} (the reasoner should say what
 *       it meant); the solver out of time or memory: ERROR — never VERIFIED.
 * </ul>
 *
 * <p>When the decision disagrees with the claim, the message also names the sentences of the
 * question that no premise translates: a dropped premise is the usual cause.
 */
public final class LogicVerifier implements Verifier {

  public static final String NAME = "logic";

  /** Repairs that guess at structure; the others (a full stop, a code fence) change nothing. */
  private static final Set<Repair.Kind> STRUCTURAL =
      Set.of(
          Repair.Kind.UNBALANCED_PARENTHESES,
          Repair.Kind.MISSING_CONNECTIVE,
          Repair.Kind.DUPLICATE_QUANTIFIER,
          Repair.Kind.FREE_VARIABLE,
          Repair.Kind.ARITY_CLASH);

  private static final Pattern SENTENCE = Pattern.compile("(?<=[.!?])\\s+|\\n+");

  private final LogicChecker checker;

  public LogicVerifier() {
    this(new LogicChecker());
  }

  public LogicVerifier(LogicChecker checker) {
    this.checker = checker;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    List<Verdict> out = new ArrayList<>();
    for (Step s : proposal.steps()) {
      for (int i = 0; i < s.claims().size(); i++) {
        if (s.claims().get(i) instanceof Claim.Logic logic) {
          out.add(verify(query, proposal, s.index(), logic).covering(Verdict.claimKey(s.index(), i)));
        }
      }
    }
    return out;
  }

  private Verdict verify(Query query, Proposal proposal, int step, Claim.Logic claim) {
    LogicResult result =
        checker.check(LogicProblem.of(claim.premises(), claim.glosses(), claim.conclusion()));
    String claimed = claimedLabel(claim.label().isBlank() ? proposal.answer() : claim.label());
    List<String> structural =
        result.repairs().stream()
            .filter(r -> STRUCTURAL.contains(r.kind()))
            .map(Repair::toString)
            .toList();
    if (result instanceof LogicResult.Rejected r && r.rejection().cause() == Rejection.Cause.GUESSED) {
      return Verdict.fail(NAME, Rules.LOGIC_REPAIR, step, "the formulas " + result.reason(),
          result.repairs().stream().filter(x -> x.kind().changesMeaning()).map(Repair::toString)
              .collect(Collectors.joining("; ")),
          "write the formulas as meant, with every variable bound and every predicate used with one arity");
    }
    if (result instanceof LogicResult.Rejected) {
      return Verdict.fail(NAME, Rules.LOGIC_PARSE, step, "the formulas cannot be read: " + result.reason(),
          result.reason(), "rewrite that formula");
    }
    if (result instanceof LogicResult.Unknown) {
      return Verdict.error(NAME, Rules.LOGIC_UNKNOWN, step, "the solver could not decide: " + result.reason());
    }
    if (!structural.isEmpty()) {
      return Verdict.fail(NAME, Rules.LOGIC_REPAIR, step,
          "the formulas could only be read after guessing at their structure: " + String.join("; ", structural),
          String.join("; ", structural), "write the formulas as meant, with every predicate used with one arity");
    }
    String decided = result.label();
    if (decided.equals(claimed)) {
      if (result instanceof LogicResult.Undetermined u) {
        return Verdict.ending(NAME, Rules.LOGIC_UNDETERMINED, step, Outcome.CLARIFY,
            u.clarification().question(), String.join("; ", u.clarification().differences()));
      }
      if (result instanceof LogicResult.Inconsistent) {
        return Verdict.ending(NAME, Rules.LOGIC_INCONSISTENT, step, Outcome.REFUSE,
            "The premises cannot all be true: " + result.reason() + ".", premises(result.core()));
      }
      String rule = result instanceof LogicResult.Entailed ? Rules.LOGIC_ENTAILED : Rules.LOGIC_REFUTED;
      return Verdict.pass(NAME, rule, step, result.reason() + repairNote(result));
    }
    String untranslated = untranslated(query, claim);
    String message =
        "the premises as translated give " + decided + ", not " + (claimed.isEmpty() ? "an answer" : claimed)
            + ": " + result.reason() + untranslated;
    String evidence =
        result instanceof LogicResult.Undetermined u
            ? String.join("; ", u.clarification().differences())
            : premises(result.core());
    String fix =
        result instanceof LogicResult.Inconsistent
            ? "check the translation of those premises (a flipped negation?); if they are right, refuse"
            : "check that every premise is translated and every negation is right, or answer " + decided;
    return Verdict.fail(NAME, Rules.LOGIC_LABEL, step, message, evidence, fix);
  }

  /** True, False, Uncertain or Inconsistent from what a reasoner wrote; empty if none of them. */
  static String claimedLabel(String written) {
    String w = written.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z ].*$", "").strip();
    if (w.startsWith("true") || w.startsWith("yes") || w.startsWith("entailed")) return "True";
    if (w.startsWith("false") || w.startsWith("no") && !w.startsWith("not ") || w.startsWith("refuted")) {
      return "False";
    }
    if (w.startsWith("uncertain") || w.startsWith("unknown") || w.startsWith("undetermined")) {
      return "Uncertain";
    }
    if (w.startsWith("inconsistent") || w.startsWith("contradict")) return "Inconsistent";
    return "";
  }

  private static String premises(List<Premise> core) {
    return core.stream().map(Premise::named).collect(Collectors.joining("; "));
  }

  private static String repairNote(LogicResult result) {
    return result.repairs().isEmpty() ? "" : " (read after: " + result.repairs().stream()
        .map(Repair::toString).collect(Collectors.joining("; ")) + ")";
  }

  /**
   * The question's statements that no premise's gloss quotes; only when the claim has glosses,
   * since without them nothing says which sentence a formula translates.
   */
  private static String untranslated(Query query, Claim.Logic claim) {
    if (claim.glosses().isEmpty()) return "";
    List<String> glosses = claim.glosses().stream().map(NormalizedText::normalize).toList();
    List<String> missing = new ArrayList<>();
    for (String sentence : SENTENCE.split(query.question())) {
      String n = NormalizedText.normalize(sentence.replaceFirst("(?i)^\\s*premises\\s*:", ""));
      if (n.isEmpty() || sentence.strip().endsWith("?") || n.startsWith("question")) continue;
      if (glosses.stream().noneMatch(g -> !g.isEmpty() && (g.contains(n) || n.contains(g)))) {
        missing.add("“" + sentence.strip() + "”");
      }
    }
    return missing.isEmpty() ? "" : "; no premise translates " + String.join(", ", missing);
  }
}

package io.veritrace.verifiers.grounding;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.EverydayConstants;
import io.veritrace.verifiers.arithmetic.ArithmeticLimitException;
import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.dates.DateVerifier;
import io.veritrace.verifiers.grounding.Specific.Kind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules {@code grounding.specific.<kind>}: every number, money amount, date, name and identifier
 * in a proposal's steps and answer must come from the question, the conversation, the sources or
 * a checked derivation (an arithmetic step that passed, a calendar claim that recomputes). A
 * specific from nowhere is named. Each kind's grade is set from its false-alarm rate measured on
 * right answers ({@link #GRADES}): kinds that stay at or below 1 % fail, the others warn. A
 * specific from nowhere said about the user ("your 3 nights") ends the query with CLARIFY: only
 * the user can supply it.
 */
public final class SpecificsVerifier implements Verifier {

  public static final String NAME = "grounding";
  public static final String RULE_PREFIX = "grounding.specific.";

  /** Grades from {@code GroundingCorpusTest}'s false-alarm measurement (see docs/sources.md). */
  public static final Map<Kind, Grade> GRADES = grades();

  private static final Pattern SECOND_PERSON =
      Pattern.compile("\\b(?:you|your|yours|you're|you've|you'll)\\b", Pattern.CASE_INSENSITIVE);

  private final DateVerifier dates;

  public SpecificsVerifier(DateVerifier dates) {
    this.dates = Objects.requireNonNull(dates, "dates");
  }

  public SpecificsVerifier() {
    this(new DateVerifier());
  }

  private static Map<Kind, Grade> grades() {
    Map<Kind, Grade> g = new EnumMap<>(Kind.class);
    g.put(Kind.NUMBER, Grade.FAIL);
    g.put(Kind.MONEY, Grade.FAIL);
    g.put(Kind.DATE, Grade.FAIL);
    g.put(Kind.IDENTIFIER, Grade.FAIL);
    g.put(Kind.NAME, Grade.FAIL);
    return Map.copyOf(g);
  }

  public static String rule(Kind kind) {
    return RULE_PREFIX + kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    if (query.sources().isEmpty()) {
      List<Verdict> none = new ArrayList<>();
      for (Kind kind : Kind.values()) {
        none.add(new Verdict(NAME, rule(kind), Grade.NOT_APPLICABLE, -1, "the query has no sources", "", "", null));
      }
      return none;
    }
    Grounds grounds = Grounds.of(query, proposal, stepVerdicts, dates);
    List<Verdict> verdicts = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    String previous = "";
    for (Step step : proposal.steps()) {
      boolean cited = !CitationMark.in(step.text(), query.sources()).isEmpty();
      check(step.index(), step.text(), !insideParenthesis(previous), conversionFactors(step), cited, grounds, reported, verdicts);
      previous = step.text();
    }
    check(-1, proposal.answer(), true, Set.of(), false, grounds, reported, verdicts);
    return verdicts;
  }

  /**
   * The unit factors a step computes with ("2 weeks = 2 * 7 = 14 days"): a constant is unexplained
   * only as an operand of the step's own arithmetic. Stated as a fact ("you get 30 days") it is a
   * specific like any other and needs a source, or a return window of 31 days would pass as the
   * days in a month.
   */
  private static Set<Rational> conversionFactors(Step step) {
    Set<Rational> out = new HashSet<>();
    for (Claim c : step.claims()) {
      if (!(c instanceof Claim.Arithmetic a)) continue;
      for (Rational operand : Quantities.literalsIn(a.expression())) {
        if (EverydayConstants.isUnitFactor(operand)) out.add(operand);
      }
    }
    return out;
  }

  /** Whether a line ends inside a parenthesis it opened: the next line continues it. */
  private static boolean insideParenthesis(String line) {
    int open = 0;
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) == '(') open++;
      else if (line.charAt(i) == ')' && open > 0) open--;
    }
    return open > 0;
  }

  private void check(
      int step, String text, boolean numberedLines, Set<Rational> factors, boolean cited, Grounds grounds,
      Set<String> reported, List<Verdict> out) {
    Map<Kind, List<String>> grounded = new EnumMap<>(Kind.class);
    for (Specific s : SpecificFinder.in(text, true, numberedLines)) {
      boolean constant = s.kind() == Kind.NUMBER && factors.contains(valueOf(s.key()));
      if (constant || grounds.askedOrDerived(s) || !grounds.sourcesWith(s).isEmpty() && !grounds.changedInCopy(text, s)) {
        grounded.computeIfAbsent(s.kind(), k -> new ArrayList<>()).add(s.text());
        continue;
      }
      if (!reported.add(s.kind() + ":" + s.key())) continue;
      out.add(unsourced(step, text, s, cited));
    }
    for (Map.Entry<Kind, List<String>> e : grounded.entrySet()) {
      out.add(
          Verdict.pass(
              NAME,
              rule(e.getKey()),
              step,
              "from the question, the sources or checked steps: " + SourceShelf.clip(String.join("; ", e.getValue()), 300)));
    }
  }

  private static Rational valueOf(String digits) {
    try {
      return Expression.number(digits);
    } catch (ArithmeticLimitException e) {
      return null;
    }
  }

  /**
   * A specific from nowhere in a clause about "you" is a question for the user, unless the step
   * cites a source for it: then the model attributed it to a document, and it goes back to the
   * model as an invention instead.
   */
  private static Verdict unsourced(int step, String text, Specific s, boolean cited) {
    String clause = clause(text, s);
    Grade grade = GRADES.get(s.kind());
    String where = "not in the question, the conversation, the sources or a checked step";
    if (s.kind() != Kind.NAME && !cited && SECOND_PERSON.matcher(clause).find()) {
      String question =
          "The answer assumed " + s.text() + " (\"" + SourceShelf.clip(clause, 120)
              + "\"), but neither your question nor the sources give it: what is the right value for you?";
      return new Verdict(NAME, rule(s.kind()), grade, step, question, s.text(), "", Outcome.CLARIFY);
    }
    String message =
        s.kind().words() + " \"" + s.text() + "\" comes from nowhere: it is " + where
            + " (in \"" + SourceShelf.clip(clause, 160) + "\")";
    return new Verdict(NAME, rule(s.kind()), grade, step, message, s.text(), "", null);
  }

  /** The clause around a specific: between the nearest clause punctuation on either side. */
  static String clause(String text, Specific s) {
    int from = s.start();
    while (from > 0 && ",.;:!?\n".indexOf(text.charAt(from - 1)) < 0 && s.start() - from < 200) from--;
    int to = s.end();
    while (to < text.length() && ",.;:!?\n".indexOf(text.charAt(to)) < 0 && to - s.end() < 200) to++;
    return text.substring(from, to).strip();
  }
}

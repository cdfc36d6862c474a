package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Perturbed copies of accepted gold solutions, seeded: a changed result, an operand from nowhere
 * (with the step's result recomputed so the arithmetic itself stays right), a changed final
 * answer. Each class must be caught at least 99 % of the time.
 */
class PerturbationTest {

  private static final Pattern ANNOTATION = Pattern.compile("<<([^<>=]*)=([^<>]*)>>([\\d.,]+)");
  private static final CheckSuite SUITE = CheckSuite.standard();
  private static List<Gsm8k> accepted;

  @BeforeAll
  static void load() {
    accepted = new ArrayList<>();
    for (Gsm8k g : Gsm8k.load()) {
      if (SolutionAudit.of(SUITE, "g", g.question(), g.answer()).accepted()) accepted.add(g);
    }
  }

  @Test
  void changedResultIsRejected() {
    Random rnd = new Random(11);
    int tried = 0, caught = 0;
    for (Gsm8k g : accepted) {
      List<MatchResult> anns = annotations(g.answer());
      if (anns.isEmpty()) continue;
      MatchResult a = anns.get(rnd.nextInt(anns.size()));
      String wrong = String.valueOf(Long.parseLong(digits(a.result)) + 1 + rnd.nextInt(9));
      String text = g.answer().substring(0, a.start) + "<<" + a.expr + "=" + wrong + ">>" + wrong + g.answer().substring(a.end);
      tried++;
      if (!audit(g, text).accepted()) caught++;
    }
    report("changed result", tried, caught);
  }

  @Test
  void operandFromNowhereIsCaught() {
    Random rnd = new Random(12);
    int tried = 0, failed = 0, flagged = 0;
    for (Gsm8k g : accepted) {
      List<MatchResult> anns = annotations(g.answer());
      if (anns.isEmpty()) continue;
      MatchResult a = anns.get(rnd.nextInt(anns.size()));
      Matcher op = Pattern.compile("\\d+").matcher(a.expr);
      List<int[]> spans = new ArrayList<>();
      while (op.find()) spans.add(new int[] {op.start(), op.end()});
      if (spans.isEmpty()) continue;
      Set<Rational> stated = Quantities.statedIn(g.question());
      String fresh;
      do {
        fresh = String.valueOf(13 + rnd.nextInt(987));
      } while (stated.contains(Rational.of(Long.parseLong(fresh))));
      int[] s = spans.get(rnd.nextInt(spans.size()));
      String expr = a.expr.substring(0, s[0]) + fresh + a.expr.substring(s[1]);
      String result;
      try {
        result = Expression.evaluate(expr).toPlainString();
      } catch (RuntimeException e) {
        continue;
      }
      String text = g.answer().substring(0, a.start) + "<<" + expr + "=" + result + ">>" + result + g.answer().substring(a.end);
      tried++;
      SolutionAudit audit = audit(g, text);
      if (!audit.accepted()) failed++;
      else if (flagsNumber(audit, fresh)) flagged++;
    }
    System.out.printf("operand from nowhere: %d tried, %d rejected outright, %d more flagged for justification%n", tried, failed, flagged);
    report("operand from nowhere (rejected or flagged)", tried, failed + flagged);
  }

  @Test
  void changedFinalAnswerIsRejected() {
    Random rnd = new Random(13);
    int tried = 0, caught = 0;
    for (Gsm8k g : accepted) {
      int mark = g.answer().lastIndexOf("####");
      String ans = digits(g.answer().substring(mark + 4).strip());
      if (ans.isEmpty() || ans.contains(".")) continue;
      long wrong = Long.parseLong(ans) + (rnd.nextBoolean() ? 1 : -1) * (1 + rnd.nextInt(20));
      String text = g.answer().substring(0, mark) + "#### " + wrong;
      tried++;
      SolutionAudit audit = audit(g, text);
      if (!audit.accepted() && audit.failures().stream().anyMatch(v -> v.rule().startsWith("binding."))) caught++;
      else if (System.getenv("SHOW") != null && tried - caught < 12) System.out.println("ESCAPE " + g.line() + " " + wrong + " :: " + audit.verdicts().stream().filter(v -> v.rule().startsWith("binding")).map(Verdict::message).toList());
    }
    report("changed final answer", tried, caught);
  }

  private static boolean flagsNumber(SolutionAudit audit, String number) {
    return audit.warnings().stream().anyMatch(v -> v.ending() == Outcome.CLARIFY && v.counterexample().contains(number));
  }

  private static SolutionAudit audit(Gsm8k g, String text) {
    return SolutionAudit.of(SUITE, "p" + g.line(), g.question(), text);
  }

  private static void report(String what, int tried, int caught) {
    double rate = 100.0 * caught / tried;
    System.out.printf("%s: caught %d/%d (%.2f %%)%n", what, caught, tried, rate);
    assertTrue(tried > 5000, "too few perturbations: " + tried);
    assertTrue(rate >= 99.0, what + " caught only " + rate + " %");
  }

  private record MatchResult(int start, int end, String expr, String result) {}

  private static List<MatchResult> annotations(String text) {
    List<MatchResult> out = new ArrayList<>();
    Matcher m = ANNOTATION.matcher(text);
    while (m.find()) {
      if (m.group(2).matches("\\d+") && m.group(3).replace(",", "").equals(m.group(2))) {
        out.add(new MatchResult(m.start(), m.end(), m.group(1), m.group(2)));
      }
    }
    return out;
  }

  private static String digits(String s) {
    return s.replace(",", "").replace("$", "").strip();
  }

  @Test
  void verdictsNameTheirRule() {
    List<Verdict> vs = SUITE.check(io.veritrace.core.Query.of("q", "Tom has 3 apples."),
        io.veritrace.verifiers.steps.StepParser.parse("3 + 4 = <<3+4=8>>8\n#### 8", "t"));
    assertTrue(vs.stream().anyMatch(v -> v.grade() == Grade.FAIL && v.rule().equals(Rules.ARITHMETIC_RESULT)));
  }
}

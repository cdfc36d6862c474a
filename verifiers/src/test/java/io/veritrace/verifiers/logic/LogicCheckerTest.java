package io.veritrace.verifiers.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogicCheckerTest {

  private final LogicChecker checker = new LogicChecker();

  private static final List<String> TALENT =
      List.of(
          "∀x (TalentShows(x) → Engaged(x))",
          "∀x (TalentShows(x) ∨ Inactive(x))",
          "∀x (Chaperone(x) → ¬Students(x))",
          "∀x (Inactive(x) → Chaperone(x))",
          "∀x (AcademicCareer(x) → Students(x))");

  private LogicResult check(List<String> premises, String conclusion) {
    return checker.check(LogicProblem.of(premises, List.of(), conclusion));
  }

  @Test
  void entailedNamesTheProvingPremises() {
    LogicResult r = check(TALENT, "AcademicCareer(bonnie) → TalentShows(bonnie)");
    LogicResult.Entailed e = assertInstanceOf(LogicResult.Entailed.class, r);
    assertEquals(List.of(2, 3, 4, 5), e.core().stream().map(Premise::number).toList());
    assertEquals("True", r.label());
  }

  @Test
  void refutedNamesThePremisesAgainstTheConclusion() {
    LogicResult r = check(List.of("∀x (Dog(x) → Mammal(x))", "∀x (Mammal(x) → ¬Reptile(x))", "Dog(rex)", "Cat(tom)"),
        "Reptile(rex)");
    LogicResult.Refuted f = assertInstanceOf(LogicResult.Refuted.class, r);
    assertEquals(List.of(1, 2, 3), f.core().stream().map(Premise::number).toList());
  }

  @Test
  void undeterminedAsksAboutTheFactThatSettlesIt() {
    LogicProblem p =
        LogicProblem.of(
            List.of("∀x (PerformsInTalentShows(x) → Engaged(x))", "Engaged(bonnie) → Student(bonnie)"),
            List.of("People who perform in talent shows are engaged.", "If Bonnie is engaged, she is a student."),
            "Student(bonnie)");
    LogicResult.Undetermined u = assertInstanceOf(LogicResult.Undetermined.class, checker.check(p));
    assertEquals("Engaged(bonnie)", u.clarification().deciding());
    assertEquals(false, u.clarification().settles(), "engaged settles it only one way");
    assertEquals("It depends on whether Bonnie is engaged — which is it?", u.clarification().question());
    assertTrue(u.clarification().differences().stream().anyMatch(d -> d.startsWith("Student(bonnie): true")),
        u.clarification().differences().toString());
  }

  @Test
  void predicateReadingsFromTheProgramWordTheQuestion() {
    String program =
        """
        Predicates:
        Performs($x) ::: $x performs in school talent shows
        Engaged($x) ::: $x is engaged with school events
        Premises:
        ∀x (Performs(x) → Engaged(x)) ::: Performers are engaged.
        Conclusion:
        Engaged(bonnie) ::: Bonnie is engaged.
        """;
    LogicResult.Undetermined u = assertInstanceOf(LogicResult.Undetermined.class, checker.checkProgram(program));
    assertEquals("It depends on whether Bonnie performs in school talent shows — which is it?",
        u.clarification().question());
  }

  @Test
  void inconsistentPremisesNameTheirCoreWithGlosses() {
    LogicProblem p =
        LogicProblem.of(
            List.of("∀x (Bird(x) → Flies(x))", "Bird(tweety)", "Small(tweety)", "¬Flies(tweety)"),
            List.of("All birds fly.", "Tweety is a bird.", "Tweety is small.", "Tweety does not fly."),
            "Small(tweety)");
    LogicResult.Inconsistent i = assertInstanceOf(LogicResult.Inconsistent.class, checker.check(p));
    assertEquals(List.of(1, 2, 4), i.core().stream().map(Premise::number).toList());
    assertTrue(i.reason().contains("“All birds fly.”") && i.reason().contains("contradict"), i.reason());
    assertInstanceOf(LogicResult.Inconsistent.class, checker.checkPremises(p.premises()));
    assertInstanceOf(LogicResult.Consistent.class, checker.checkPremises(p.premises().subList(0, 3)));
  }

  @Test
  void asciiSyntaxMeansTheSameAsUnicode() {
    LogicResult r = check(List.of("forall x (Dog(x) -> Mammal(x))", "Dog(rex) & ~Cat(rex)", "Cat(rex) | Dog(felix)"),
        "Mammal(felix) and not Cat(rex)");
    assertEquals("True", r.label(), r.reason());
    assertEquals("False", check(List.of("A(a) xor B(a)", "A(a)"), "B(a)").label());
    assertEquals("True", check(List.of("A(a) <-> B(a)", "!B(a)"), "¬A(a)").label());
  }

  @Test
  void integerTermsMixWithLogic() {
    assertEquals("True", check(List.of("∀x (Child(x) → age(x) < 13)", "Child(tim)"), "age(tim) < 20").label());
    assertEquals("False", check(List.of("age(tim) = 9 + 3"), "age(tim) > 12").label());
    assertEquals("True", check(List.of("∃x (x > 2 ∧ x < 4 ∧ Lucky(x))"), "Lucky(3)").label());
  }

  @Test
  void equalityBetweenIndividuals() {
    assertEquals("True", check(List.of("Teacher(ann)", "ann = bea"), "Teacher(bea)").label());
    assertEquals("False", check(List.of("ann ≠ bea"), "ann = bea").label());
  }

  @Test
  void smtLibIsPassedToZ3() {
    LogicResult r =
        checker.check(
            LogicProblem.of(
                List.of("(declare-const x Int)", "(declare-const y Int)", "(assert (> x 2))", "(assert (= y (* 2 x)))"),
                List.of(),
                "(> y 4)"));
    assertEquals("True", r.label(), r.reason());
    LogicResult u = checker.check(LogicProblem.of(List.of("(declare-const x Int)", "(assert (> x 2))"), List.of(), "(> x 5)"));
    LogicResult.Undetermined und = assertInstanceOf(LogicResult.Undetermined.class, u);
    assertEquals("x", und.clarification().deciding());
    LogicResult bad = checker.check(LogicProblem.of(List.of("(assert (> z 2))"), List.of(), "true"));
    assertInstanceOf(LogicResult.Rejected.class, bad);
    assertEquals(Rejection.Cause.SMTLIB, ((LogicResult.Rejected) bad).rejection().cause());
  }

  @Test
  void aSolverBombIsUnknownTimeoutNeverAPass() {
    // pigeonhole: 12 pigeons in 11 holes is unsatisfiable, and hard for resolution
    int pigeons = 12;
    int holes = 11;
    StringBuilder s = new StringBuilder();
    for (int p = 0; p < pigeons; p++) for (int h = 0; h < holes; h++) s.append("(declare-const p").append(p).append('_').append(h).append(" Bool)\n");
    for (int p = 0; p < pigeons; p++) {
      s.append("(assert (or");
      for (int h = 0; h < holes; h++) s.append(" p").append(p).append('_').append(h);
      s.append("))\n");
    }
    for (int h = 0; h < holes; h++) {
      for (int p = 0; p < pigeons; p++) {
        for (int q = p + 1; q < pigeons; q++) s.append("(assert (not (and p").append(p).append('_').append(h).append(" p").append(q).append('_').append(h).append(")))\n");
      }
    }
    LogicChecker quick = new LogicChecker(LogicLimits.DEFAULT.withTimeout(Duration.ofMillis(300)));
    LogicResult r = quick.check(LogicProblem.of(List.of(s.toString()), List.of(), "p0_0"));
    LogicResult.Unknown u = assertInstanceOf(LogicResult.Unknown.class, r);
    assertTrue(u.reason().startsWith("unknown: timeout"), u.reason());
    assertEquals("Error", r.label());
  }

  @Test
  void deepNestingAndHugeInputAreRefusedWithAReason() {
    String deep = "(".repeat(3000) + "P(a)" + ")".repeat(3000);
    LogicResult.Rejected d = assertInstanceOf(LogicResult.Rejected.class, check(List.of(deep), "P(a)"));
    assertEquals(Rejection.Cause.TOO_DEEP, d.rejection().cause());
    String negations = "¬".repeat(5000) + "P(a)";
    assertEquals(Rejection.Cause.TOO_DEEP,
        assertInstanceOf(LogicResult.Rejected.class, check(List.of(negations), "P(a)")).rejection().cause());
    String huge = "P(a) ∧ ".repeat(3000) + "P(a)";
    assertEquals(Rejection.Cause.TOO_LARGE,
        assertInstanceOf(LogicResult.Rejected.class, check(List.of(huge), "P(a)")).rejection().cause());
    String digits = "age(a) > " + "9".repeat(500);
    assertEquals(Rejection.Cause.TOO_LARGE,
        assertInstanceOf(LogicResult.Rejected.class, check(List.of(digits), "P(a)")).rejection().cause());
    String smtDeep = "(assert " + "(not ".repeat(1000) + "true" + ")".repeat(1001);
    assertEquals(Rejection.Cause.TOO_DEEP,
        assertInstanceOf(LogicResult.Rejected.class, check(List.of(smtDeep), "true")).rejection().cause());
  }

  @Test
  void emptyConclusionAndGarbageAreRejectedNotThrown() {
    assertEquals(Rejection.Cause.EMPTY,
        assertInstanceOf(LogicResult.Rejected.class, check(List.of("P(a)"), " ")).rejection().cause());
    LogicResult.Rejected g = assertInstanceOf(LogicResult.Rejected.class, check(List.of("P(a) → → Q(a)"), "Q(a)"));
    assertEquals(Rejection.Cause.SYNTAX, g.rejection().cause());
    assertTrue(g.rejection().where().startsWith("premise 1"), g.rejection().message());
  }

  @Test
  void aLongValidChainIsDecidedWithItsCoreSaidToBeUnminimised() {
    List<String> chain = new java.util.ArrayList<>(List.of("P0(a)"));
    for (int i = 1; i < 500; i++) chain.add("P" + (i - 1) + "(a) → P" + i + "(a)");
    LogicResult r = check(chain, "P499(a)");
    LogicResult.Entailed e = assertInstanceOf(LogicResult.Entailed.class, r, r.reason());
    assertEquals(500, e.core().size(), "every link is needed");
    assertEquals(false, e.minimal());
    assertTrue(r.reason().contains("not minimised"), r.reason());
    // a short chain is minimised, and says nothing about it
    LogicResult.Entailed small =
        assertInstanceOf(LogicResult.Entailed.class, check(chain.subList(0, 10), "P9(a)"));
    assertTrue(small.minimal());
    assertEquals(10, small.core().size());
  }

  @Test
  void aLongQuantifiedChainIsDecidedEveryWay() {
    // ∀x (Pi(x) → Pi+1(x)): each step is an instance one generation deeper than the last, which
    // Z3 by default delays after 10 and drops after 20 ("incomplete quantifiers", then a timeout)
    List<String> chain = new java.util.ArrayList<>(List.of("P0(a)"));
    for (int i = 1; i < 500; i++) chain.add("∀x (P" + (i - 1) + "(x) → P" + i + "(x))");
    LogicResult holds = check(chain, "P499(a)");
    LogicResult.Entailed e = assertInstanceOf(LogicResult.Entailed.class, holds, holds.reason());
    assertEquals(500, e.core().size(), "every link is needed");
    LogicResult fails = check(chain, "¬P499(a)");
    assertInstanceOf(LogicResult.Refuted.class, fails, fails.reason());
    LogicResult open = check(chain, "P499(b)");
    assertInstanceOf(LogicResult.Undetermined.class, open, open.reason());
    // and the short chain that already failed at 50 premises
    LogicResult.Entailed small = assertInstanceOf(LogicResult.Entailed.class, check(chain.subList(0, 50), "P49(a)"));
    assertTrue(small.minimal());
  }
}

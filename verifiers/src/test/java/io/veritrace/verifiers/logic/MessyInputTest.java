package io.veritrace.verifiers.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each class of messy input is repaired and the repair reported, or rejected with a reason. */
class MessyInputTest {

  private final LogicChecker checker = new LogicChecker();

  private LogicResult check(List<String> premises, String conclusion) {
    return checker.check(LogicProblem.of(premises, List.of(), conclusion));
  }

  private static Repair only(LogicResult r, Repair.Kind kind) {
    List<Repair> of = r.repairs().stream().filter(x -> x.kind() == kind).toList();
    assertEquals(1, of.size(), r.repairs().toString());
    return of.get(0);
  }

  @Test
  void aMissingClosingParenthesisIsAddedAndReported() {
    LogicResult r = check(List.of("∀x (Dog(x) → Mammal(x)", "Dog(rex)"), "Mammal(rex)");
    assertEquals("True", r.label(), r.reason());
    assertTrue(only(r, Repair.Kind.UNBALANCED_PARENTHESES).toString().contains("premise 1"));
  }

  @Test
  void aStrayClosingParenthesisIsDroppedAndReported() {
    LogicResult r = check(List.of("Dog(rex))"), "Dog(rex)");
    assertEquals("True", r.label());
    assertTrue(only(r, Repair.Kind.UNBALANCED_PARENTHESES).description().contains("closes nothing"));
  }

  @Test
  void multiWordConstantsAreJoinedAndReported() {
    LogicResult r = check(List.of("Visited(juan de onate, picuris mountains)"), "Visited(juan_de_onate, picuris_mountains)");
    assertEquals("True", r.label(), r.reason());
    assertEquals(2, r.repairs().stream().filter(x -> x.kind() == Repair.Kind.MULTI_WORD_CONSTANT).count(), r.repairs().toString());
  }

  @Test
  void emptyPremisesAreSkippedAndKeepTheirNumbers() {
    LogicResult r = checker.check(LogicProblem.of(List.of("Dog(rex)", "", "¬Dog(rex)"), List.of(), "Cat(rex)"));
    LogicResult.Inconsistent i = assertInstanceOf(LogicResult.Inconsistent.class, r);
    assertEquals(List.of(1, 3), i.core().stream().map(Premise::number).toList());
    assertEquals("premise 2", only(r, Repair.Kind.EMPTY_PREMISE).where());
  }

  @Test
  void aVariableQuantifiedTwiceWhileAnotherIsFreeIsReadAsTheFreeOne() {
    LogicResult r = check(List.of("∀x ∀x (Likes(x, y) → Friend(x, y))", "Likes(a, b)"), "Friend(a, b)");
    assertEquals("True", r.label(), r.reason());
    assertTrue(only(r, Repair.Kind.DUPLICATE_QUANTIFIER).description().contains("as y"));
  }

  @Test
  void aQuantifierThatBindsNothingIsDroppedAndTheRestDecided() {
    LogicResult r = check(List.of("∀x ∀x (Dog(x) → Mammal(x))", "Dog(rex)"), "Mammal(rex)");
    assertEquals("True", r.label(), r.reason());
    assertTrue(only(r, Repair.Kind.DUPLICATE_QUANTIFIER).description().contains("binds nothing"));
  }

  @Test
  void aFreeVariableClosedUniversallyIsReportedButNeverDecided() {
    LogicResult r = check(List.of("Dog(x) → Mammal(x)", "Dog(rex)"), "Mammal(rex)");
    assertGuessed(r);
    assertTrue(only(r, Repair.Kind.FREE_VARIABLE).description().contains("∀x"));
    assertTrue(r.reason().contains("free variable x"), r.reason());
  }

  @Test
  void aPredicateUsedWithTwoAritiesIsReportedButNeverDecided() {
    LogicResult r = check(List.of("∀x (Owns(x) → Rich(x))", "Owns(ann, house)"), "Rich(ann)");
    Repair clash = only(r, Repair.Kind.ARITY_CLASH);
    assertTrue(clash.description().contains("Owns"), clash.description());
    assertGuessed(r);
  }

  /**
   * LLM translations whose free variable, closed universally, makes a confident verdict: the
   * wrong True of "some student is young" read as "everything is young", a False from a ∀ where
   * the translator meant one individual. None may come out True or False.
   */
  @Test
  void llmStyleProgramsWithAFreeVariableGetNoTrueOrFalse() {
    List<String> programs =
        List.of(
            "Premises:\nStudent(x) ∧ Young(x) ::: Some student is young.\nStudent(tom) ::: Tom is a student.\n"
                + "Conclusion:\nYoung(tom) ::: Tom is young.",
            "Premises:\n∀x (Bird(x) → Flies(x)) ::: All birds fly.\n¬Flies(y) ::: Something does not fly.\n"
                + "Conclusion:\n¬Bird(tweety) ::: Tweety is not a bird.",
            "Premises:\nGrowthCompanies’Stocks(x) → Volatile(x) ::: Growth companies' stocks are volatile.\n"
                + "GrowthCompanies’Stocks(kO) ::: KO is a growth company's stock.\nConclusion:\nVolatile(kO)",
            "Premises:\n∀x (Employee(x) → Schedules(x, m)) ::: Employees schedule meetings.\n"
                + "Employee(y) ∧ ¬Schedules(y, m) ::: Someone employed did not.\nConclusion:\nEmployee(ann)");
    for (String program : programs) {
      LogicResult r = checker.checkProgram(program);
      assertGuessed(r);
    }
  }

  @Test
  void identifiersAsTranslatorsWriteThem() {
    LogicResult r =
        check(
            List.of("∀x (GrowthCompanies’Stocks(x) → Volatile(x))", "GrowthCompanies’Stocks(kO)",
                "∀x (Parents'(x) → Adult(x))", "Parents'(ann)", "Étudiant(zoë) ∧ Ελληνικός(zoë) ∧ 学生(zoë)",
                "∀x (Étudiant(x) → Vγ9Vδ2(x))", "Café́(bob2) ∧ 𝒜lpha(bob2)"),
            "Volatile(kO) ∧ Adult(ann) ∧ Vγ9Vδ2(zoë) ∧ 学生(zoë) ∧ 𝒜lpha(bob2)");
    assertEquals("True", r.label(), r.reason());
    assertEquals(List.of(), r.repairs());
  }

  private static void assertGuessed(LogicResult r) {
    LogicResult.Rejected rejected = assertInstanceOf(LogicResult.Rejected.class, r, r.reason());
    assertEquals(Rejection.Cause.GUESSED, rejected.rejection().cause(), r.reason());
    assertEquals("Error", r.label());
    assertTrue(r.repairs().stream().anyMatch(x -> x.kind().changesMeaning()), r.repairs().toString());
  }

  @Test
  void caretAsAndJuxtapositionAndCommaAreReadAsConjunction() {
    LogicResult r = check(List.of("Dog(rex) ^ Brown(rex)", "∃x (Country(x) Near(rome, x))", "∀x (Cat(x), Black(x) → Lucky(x))", "Cat(tom) ∧ Black(tom)"),
        "Lucky(tom) ∧ Brown(rex)");
    assertEquals("True", r.label(), r.reason());
    only(r, Repair.Kind.CARET_AS_AND);
    assertEquals(2, r.repairs().stream().filter(x -> x.kind() == Repair.Kind.MISSING_CONNECTIVE).count());
  }

  @Test
  void trailingFullStopAndCodeFenceAreIgnoredAndReported() {
    String program = """
        ```
        Premises:
        Dog(rex). ::: Rex is a dog.
        Conclusion:
        Dog(rex) ::: Rex is a dog.
        ```
        """;
    LogicResult r = checker.checkProgram(program);
    assertEquals("True", r.label(), r.reason());
    only(r, Repair.Kind.TRAILING_FULL_STOP);
    assertEquals(2, r.repairs().stream().filter(x -> x.kind() == Repair.Kind.CODE_FENCE).count());
  }

  @Test
  void unrepairableInputIsRejectedWithWhereAndWhat() {
    LogicResult.Rejected r = assertInstanceOf(LogicResult.Rejected.class, check(List.of("∀x (Dog(x) → )"), "Dog(a)"));
    assertTrue(r.rejection().message().startsWith("premise 1, column"), r.rejection().message());
    LogicResult.Rejected layout = assertInstanceOf(LogicResult.Rejected.class, checker.checkProgram("Premises:\nDog(rex)\n"));
    assertTrue(layout.rejection().message().contains("onclusion"), layout.rejection().message());
    LogicResult.Rejected sort = assertInstanceOf(LogicResult.Rejected.class, check(List.of("Dog(rex)", "Likes(Dog(rex), tom)"), "Dog(rex)"));
    assertEquals(Rejection.Cause.SORT_CLASH, sort.rejection().cause());
    assertTrue(sort.reason().contains("Dog"), sort.reason());
  }
}

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
  void aFreeVariableIsClosedUniversallyAndReported() {
    LogicResult r = check(List.of("Dog(x) → Mammal(x)", "Dog(rex)"), "Mammal(rex)");
    assertEquals("True", r.label(), r.reason());
    assertTrue(only(r, Repair.Kind.FREE_VARIABLE).description().contains("∀x"));
  }

  @Test
  void aPredicateUsedWithTwoAritiesIsReported() {
    LogicResult r = check(List.of("∀x (Owns(x) → Rich(x))", "Owns(ann, house)"), "Rich(ann)");
    Repair clash = only(r, Repair.Kind.ARITY_CLASH);
    assertTrue(clash.description().contains("Owns"), clash.description());
    assertEquals("Uncertain", r.label(), "the two Owns are different predicates: " + r.reason());
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

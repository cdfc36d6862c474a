package io.veritrace.verifiers.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * SMT-LIB input cannot change Z3's process-wide state: scripts that would set global parameters
 * are rejected by name, and checks run after them — in the same process, from two threads at
 * once — still decide correctly.
 */
class SolverIsolationTest {

  private final LogicChecker checker = new LogicChecker();

  /** Each of these, executed by Z3's parser, used to break every later check in the process. */
  private static final List<List<String>> POISON =
      List.of(
          List.of("(set-option :rlimit 1)(declare-const p Bool)(assert p)"),
          List.of("(set-option :smt.mbqi false)", "(declare-const p Bool)", "(assert p)"),
          List.of("(declare-const p Bool)", "(set-option :memory_max_size 1)", "(assert p)"),
          List.of("(set-param :timeout 1)", "(declare-const p Bool)"),
          List.of("(declare-const p Bool)", "(|set-option| :rlimit 1)"),
          List.of("(declare-const p Bool)", "(assert p) (reset)"),
          List.of("(declare-const p Bool)", "(assert p)", "(exit)"),
          List.of("(declare-const p Bool)", "(push 1)", "(assert p)"));

  @Test
  void scriptsThatChangeSolverStateAreRejectedByName() {
    for (List<String> premises : POISON) {
      LogicResult r = checker.check(LogicProblem.of(premises, List.of(), "p"));
      LogicResult.Rejected rejected = assertInstanceOf(LogicResult.Rejected.class, r, premises.toString());
      assertEquals(Rejection.Cause.SMTLIB, rejected.rejection().cause(), premises.toString());
      assertTrue(rejected.rejection().detail().contains("is not allowed"), rejected.reason());
    }
    // a poisoning command in the conclusion is refused as well
    LogicResult c =
        checker.check(LogicProblem.of(List.of("(declare-const p Bool)"), List.of(), "(assert p)(set-option :rlimit 1)"));
    assertInstanceOf(LogicResult.Rejected.class, c);
    assertTrue(c.reason().startsWith("conclusion"), c.reason());
  }

  @Test
  void outputCommandsTranslatorsWriteOutOfHabitAreLeftOut() {
    LogicResult r =
        checker.check(
            LogicProblem.of(
                List.of("(set-logic QF_LIA)", "(set-info :status sat)", "(declare-const x Int)",
                    "(assert (> x 2)) ; x is over two", "(check-sat)", "(get-model)"),
                List.of(),
                "(> x 1)"));
    assertEquals("True", r.label(), r.reason());
  }

  @Test
  void checksAfterPoisoningScriptsStillDecideFromTwoThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<String>>> sessions = new ArrayList<>();
      for (int s = 0; s < 2; s++) {
        Callable<List<String>> session =
            () -> {
              List<String> labels = new ArrayList<>();
              for (int round = 0; round < 3; round++) {
                for (List<String> poison : POISON) {
                  labels.add(checker.check(LogicProblem.of(poison, List.of(), "p")).label());
                  labels.add(quantified().label());
                  labels.add(smtLibArithmetic().label());
                }
              }
              return labels;
            };
        sessions.add(pool.submit(session));
      }
      for (Future<List<String>> session : sessions) {
        List<String> labels = session.get();
        for (int i = 0; i < labels.size(); i += 3) {
          assertEquals(List.of("Error", "True", "False"), labels.subList(i, i + 3), "check " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Needs model-based quantifier instantiation, which {@code :smt.mbqi false} switched off. */
  private LogicResult quantified() {
    return checker.check(
        LogicProblem.of(
            List.of("∀x (Dog(x) → Mammal(x))", "∀x (Mammal(x) → Animal(x))", "Dog(rex)"), List.of(), "Animal(rex)"));
  }

  private LogicResult smtLibArithmetic() {
    return checker.check(
        LogicProblem.of(List.of("(declare-const x Int)", "(assert (> x 2))"), List.of(), "(< x 0)"));
  }
}

package io.veritrace.verifiers.logic;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The three-way answer for premises P and conclusion C, with its evidence: P ∧ ¬C unsatisfiable
 * is {@link Entailed}, P ∧ C unsatisfiable {@link Refuted}, neither {@link Undetermined}, P alone
 * unsatisfiable {@link Inconsistent}. {@link Unknown} when the solver could not decide within its
 * limits, {@link Rejected} when the input could not be read. Every result carries the repairs
 * made to read the input.
 */
public sealed interface LogicResult {

  List<Repair> repairs();

  /** {@code True}, {@code False}, {@code Uncertain}, {@code Inconsistent} or {@code Error}. */
  String label();

  /** The result in words, fit for a person or a translator. */
  String reason();

  /**
   * The premises in the unsat core that prove the conclusion: the certificate. {@code minimal} is
   * false when the core was too large to minimise within the check's time and is Z3's own.
   */
  record Entailed(List<Premise> core, boolean minimal, List<Repair> repairs) implements LogicResult {
    public Entailed {
      core = List.copyOf(core);
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "True";
    }

    @Override
    public String reason() {
      return core.isEmpty()
          ? "the conclusion holds whatever the premises say (it is valid)"
          : "the conclusion follows from " + names(core) + unminimised(minimal);
    }
  }

  /** The premises in the unsat core that prove the conclusion's negation. */
  record Refuted(List<Premise> core, boolean minimal, List<Repair> repairs) implements LogicResult {
    public Refuted {
      core = List.copyOf(core);
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "False";
    }

    @Override
    public String reason() {
      return core.isEmpty()
          ? "the conclusion is false whatever the premises say (it is unsatisfiable)"
          : "the conclusion contradicts " + names(core) + unminimised(minimal);
    }
  }

  record Undetermined(Clarification clarification, List<Repair> repairs) implements LogicResult {
    public Undetermined {
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "Uncertain";
    }

    @Override
    public String reason() {
      return clarification.question();
    }
  }

  /** The unsat core of the premises alone: the premises that contradict each other. */
  record Inconsistent(List<Premise> core, boolean minimal, List<Repair> repairs) implements LogicResult {
    public Inconsistent {
      core = List.copyOf(core);
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "Inconsistent";
    }

    @Override
    public String reason() {
      return core.size() == 1
          ? names(core) + " contradicts itself, so nothing can be concluded"
          : names(core) + " contradict each other, so nothing can be concluded from them"
              + unminimised(minimal);
    }
  }

  /** Premises checked alone that can all hold together. */
  record Consistent(List<Repair> repairs) implements LogicResult {
    public Consistent {
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "Consistent";
    }

    @Override
    public String reason() {
      return "the premises can all hold together";
    }
  }

  /** {@code reason} starts with {@code timeout}, {@code memory limit} or {@code incomplete}. */
  record Unknown(String why, List<Repair> repairs) implements LogicResult {
    public Unknown {
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "Error";
    }

    @Override
    public String reason() {
      return "unknown: " + why;
    }
  }

  record Rejected(Rejection rejection, List<Repair> repairs) implements LogicResult {
    public Rejected {
      repairs = List.copyOf(repairs);
    }

    @Override
    public String label() {
      return "Error";
    }

    @Override
    public String reason() {
      return rejection.message();
    }
  }

  /** The core premises of an entailed, refuted or inconsistent result; empty otherwise. */
  default List<Premise> core() {
    return List.of();
  }

  private static String unminimised(boolean minimal) {
    return minimal ? "" : " (the solver's core, not minimised: too large to minimise in the time allowed)";
  }

  private static String names(List<Premise> premises) {
    List<String> named = premises.stream().map(Premise::named).toList();
    if (named.size() == 1) return named.get(0);
    return named.subList(0, named.size() - 1).stream().collect(Collectors.joining(", "))
        + " and "
        + named.get(named.size() - 1);
  }
}

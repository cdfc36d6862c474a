package io.veritrace.verifiers.logic;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Premises and a conclusion to check, as first-order formulas or as an SMT-LIB2 script (every
 * premise an SMT-LIB command such as {@code (declare-const x Int)} or {@code (assert ...)}, the
 * conclusion an SMT-LIB term).
 *
 * @param premises numbered from 1
 * @param conclusion the formula to decide
 * @param conclusionGloss its reading in words; empty when none
 * @param predicates readings of predicates ({@code Performs($x) ::: $x performs in talent
 *     shows}), used to word clarifying questions
 * @param repairs repairs already made while reading the layout
 */
public record LogicProblem(
    List<Premise> premises,
    String conclusion,
    String conclusionGloss,
    List<PredicateGloss> predicates,
    List<Repair> repairs) {

  /**
   * A predicate's reading: {@code text} mentions each of {@code parameters} where the argument
   * goes.
   */
  public record PredicateGloss(String name, List<String> parameters, String text) {
    public PredicateGloss {
      Objects.requireNonNull(name, "name");
      parameters = List.copyOf(parameters);
      Objects.requireNonNull(text, "text");
    }
  }

  /** Splits {@code formula ::: gloss} lines. */
  static final String GLOSS = ":::";

  public LogicProblem {
    premises = List.copyOf(premises);
    Objects.requireNonNull(conclusion, "conclusion");
    conclusionGloss = conclusionGloss == null ? "" : conclusionGloss.strip();
    predicates = predicates == null ? List.of() : List.copyOf(predicates);
    repairs = repairs == null ? List.of() : List.copyOf(repairs);
  }

  /**
   * Premises with optional glosses (same order; a formula may also carry its own after
   * {@code :::}) and a conclusion.
   */
  public static LogicProblem of(List<String> formulas, List<String> glosses, String conclusion) {
    List<Premise> premises = new ArrayList<>();
    for (int i = 0; i < formulas.size(); i++) {
      String gloss = glosses != null && i < glosses.size() ? glosses.get(i) : "";
      String[] split = splitGloss(formulas.get(i) == null ? "" : formulas.get(i));
      premises.add(new Premise(i + 1, split[0], split[1].isEmpty() ? gloss : split[1]));
    }
    String[] c = splitGloss(conclusion);
    return new LogicProblem(premises, c[0], c[1], List.of(), List.of());
  }

  static String[] splitGloss(String line) {
    int at = line.indexOf(GLOSS);
    return at < 0
        ? new String[] {line, ""}
        : new String[] {line.substring(0, at), line.substring(at + GLOSS.length()).strip()};
  }
}

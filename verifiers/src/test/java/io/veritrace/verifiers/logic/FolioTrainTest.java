package io.veritrace.verifiers.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 5,000+ premise formulas of FOLIO's training split: every one is read, strictly or with a
 * reported repair, and the premise sets that contradict themselves are found and named (listed in
 * {@code folio-inconsistent-stories.tsv}).
 */
class FolioTrainTest {

  private static final Path INCONSISTENT = Path.of("src/test/resources/folio-inconsistent-stories.tsv");
  private static Map<List<String>, Folio> premiseSets;

  @BeforeAll
  static void load() {
    premiseSets = new LinkedHashMap<>();
    for (Folio f : Folio.load(Folio.TRAIN)) premiseSets.putIfAbsent(f.premisesFol(), f);
  }

  @Test
  void everyPremiseFormulaParsesStrictlyOrWithAReportedRepair() {
    int formulas = 0;
    int repaired = 0;
    List<String> rejected = new ArrayList<>();
    Map<Repair.Kind, Integer> byKind = new TreeMap<>();
    for (Folio f : Folio.load(Folio.TRAIN)) {
      for (int i = 0; i < f.premisesFol().size(); i++) {
        String formula = f.premisesFol().get(i);
        if (formula.isBlank()) continue;
        formulas++;
        List<Repair> repairs = new ArrayList<>();
        String where = "line " + f.line() + " premise " + (i + 1);
        try {
          FormulaParser.parse(formula, where, LogicLimits.DEFAULT, repairs);
        } catch (InputRejected e) {
          rejected.add(e.rejection.message() + "  <<" + formula + ">>");
          continue;
        }
        if (!repairs.isEmpty()) repaired++;
        for (Repair r : repairs) {
          byKind.merge(r.kind(), 1, Integer::sum);
          assertTrue(r.description().length() > 10, "repair says what it changed: " + r);
        }
      }
    }
    System.out.printf(
        "FOLIO train: %d premise formulas, %d strict, %d repaired %s, %d rejected%n",
        formulas, formulas - repaired - rejected.size(), repaired, byKind, rejected.size());
    rejected.forEach(r -> System.out.println("  rejected " + r));
    assertTrue(formulas > 5000, "formulas " + formulas);
    assertEquals(List.of(), rejected);
  }

  /** Stories whose premise formulas need a meaning-changing repair (an arity clash in FOLIO's own formulas). */
  private static final List<Integer> GUESSED_STORIES = List.of(236);

  @Test
  void selfContradictoryPremiseSetsAreFoundAndNamed() throws IOException {
    LogicChecker checker = new LogicChecker();
    Map<Integer, String> found = new TreeMap<>();
    int consistent = 0;
    List<Integer> guessed = new ArrayList<>();
    for (Folio f : premiseSets.values()) {
      List<Premise> premises = new ArrayList<>();
      for (int i = 0; i < f.premisesFol().size(); i++) {
        String gloss = i < f.premises().size() ? f.premises().get(i) : "";
        premises.add(new Premise(i + 1, f.premisesFol().get(i), gloss));
      }
      LogicResult r = checker.checkPremises(premises);
      if (r instanceof LogicResult.Inconsistent inconsistent) {
        TreeSet<Integer> numbers = new TreeSet<>();
        inconsistent.core().forEach(p -> numbers.add(p.number()));
        assertTrue(r.reason().contains("premise"), r.reason());
        found.put(f.story(), numbers.toString());
        System.out.println("FOLIO story " + f.story() + " inconsistent: " + r.reason());
      } else if (r instanceof LogicResult.Rejected g && g.rejection().cause() == Rejection.Cause.GUESSED) {
        // FOLIO's own annotation uses one predicate with two arities: read only by a guess
        guessed.add(f.story());
        System.out.println("FOLIO story " + f.story() + " not decided: " + r.reason());
      } else {
        assertTrue(r instanceof LogicResult.Consistent, "story " + f.story() + ": " + r.reason());
        consistent++;
      }
    }
    System.out.printf("FOLIO train: %d premise sets, %d consistent, %d inconsistent%n",
        premiseSets.size(), consistent, found.size());
    Map<Integer, String> known = new TreeMap<>();
    for (String l : Files.readAllLines(INCONSISTENT)) {
      if (l.isBlank() || l.startsWith("#")) continue;
      String[] cols = l.split("\t");
      known.put(Integer.parseInt(cols[0]), cols[1]);
    }
    assertEquals(known, found);
    assertEquals(GUESSED_STORIES, guessed);
  }
}

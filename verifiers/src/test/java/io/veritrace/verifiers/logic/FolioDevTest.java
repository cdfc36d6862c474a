package io.veritrace.verifiers.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * FOLIO's validation dev half through the checker: accuracy at least 95 %, and every miss is a
 * known one, listed with its cause in {@code folio-known-misses.tsv}, so a change that loses or
 * fixes an example shows up here.
 */
class FolioDevTest {

  private static final Path KNOWN = Path.of("src/test/resources/folio-known-misses.tsv");

  @Test
  void devHalfAccuracyAndKnownMisses() throws IOException {
    List<Folio> dev = Folio.load(Folio.DEV);
    LogicChecker checker = new LogicChecker();
    Map<Integer, String> misses = new TreeMap<>();
    for (Folio f : dev) {
      LogicResult r = checker.check(f.problem());
      if (!r.label().equals(f.label())) {
        misses.put(f.line(), f.label() + "\t" + r.label() + "\t" + r.reason());
      }
    }
    misses.forEach((line, why) -> System.out.println("FOLIO dev miss " + line + "\t" + why));
    double accuracy = 1.0 - misses.size() / (double) dev.size();
    System.out.printf("FOLIO dev: %d examples, accuracy %.2f %%%n", dev.size(), 100 * accuracy);
    Map<Integer, String> known = new TreeMap<>();
    for (String l : Files.readAllLines(KNOWN)) {
      if (l.isBlank() || l.startsWith("#")) continue;
      String[] cols = l.split("\t");
      known.put(Integer.parseInt(cols[0]), cols[1] + "\t" + cols[2]);
    }
    assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    Map<Integer, String> got = new TreeMap<>();
    misses.forEach((line, why) -> got.put(line, why.substring(0, why.indexOf('\t', why.indexOf('\t') + 1))));
    assertEquals(known, got, "misses differ from " + KNOWN);
  }
}

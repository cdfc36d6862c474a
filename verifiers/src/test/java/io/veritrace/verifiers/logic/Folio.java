package io.veritrace.verifiers.logic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One FOLIO example as shipped in {@code data/folio}: premises in words and in first-order logic,
 * a conclusion (its formula only in the validation half) and the label.
 */
record Folio(int line, int story, List<String> premises, List<String> premisesFol, String conclusion, String conclusionFol, String label) {

  static final Path DEV = Path.of("../data/folio/folio-validation-dev-half.jsonl");
  static final Path TRAIN = Path.of("../data/folio/folio-train.jsonl");

  LogicProblem problem() {
    return LogicProblem.of(premisesFol, premises, conclusionFol + " ::: " + conclusion);
  }

  static List<Folio> load(Path file) {
    ObjectMapper om = new ObjectMapper();
    List<Folio> out = new ArrayList<>();
    try {
      int n = 0;
      for (String l : Files.readAllLines(file)) {
        JsonNode j = om.readTree(l);
        out.add(
            new Folio(
                ++n,
                j.path("story_id").asInt(-1),
                strings(j.get("premises")),
                strings(j.get("premises-FOL")),
                j.path("conclusion").asText(""),
                j.path("conclusion-FOL").asText(""),
                j.path("label").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }
}

package io.veritrace.verifiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The GSM8K training split shipped in {@code data/gsm8k}: correct human solutions. */
public record Gsm8k(int line, String question, String answer) {

  static final Path FILE = Path.of("../data/gsm8k/train.jsonl");

  public static List<Gsm8k> load() {
    ObjectMapper om = new ObjectMapper();
    List<Gsm8k> out = new ArrayList<>();
    try {
      int n = 0;
      for (String l : Files.readAllLines(FILE)) {
        JsonNode j = om.readTree(l);
        out.add(new Gsm8k(++n, j.get("question").asText(), j.get("answer").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}

package io.veritrace.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Replay examples from a JSONL file of {@code question} and {@code answer} (GSM8K's layout). */
public final class Gsm8kReplay {
  private Gsm8kReplay() {}

  public static List<DatasetBuilder.ReplayExample> load(Path file) throws IOException {
    ObjectMapper om = new ObjectMapper();
    List<DatasetBuilder.ReplayExample> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        JsonNode j = om.readTree(line);
        if (!j.path("question").isTextual() || !j.path("answer").isTextual()) {
          throw new IOException(file + " line " + n + ": expected \"question\" and \"answer\"");
        }
        out.add(new DatasetBuilder.ReplayExample(j.get("question").asText(), j.get("answer").asText()));
      }
    }
    return out;
  }
}

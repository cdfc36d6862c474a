package io.veritrace.verifiers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class Gsm8kProbe {
  public static void main(String[] a) throws Exception {
    ObjectMapper om = new ObjectMapper();
    List<String> lines = Files.readAllLines(Path.of("data/gsm8k/train.jsonl"));
    CheckSuite suite = CheckSuite.standard();
    Map<String, Integer> rej = new TreeMap<>(), warn = new TreeMap<>();
    int accepted = 0, n = 0;
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      n++;
      JsonNode j = om.readTree(l);
      SolutionAudit au = SolutionAudit.of(suite, "g" + n, j.get("question").asText(), j.get("answer").asText());
      if (au.accepted()) accepted++;
      else for (var v : au.failures()) { rej.merge(v.rule(), 1, Integer::sum); sb.append(n).append('\t').append(v.rule()).append('\t').append(v.message().replace('\n',' ')).append('\n'); }
      au.warnings().stream().map(v -> v.rule()).distinct().forEach(r -> warn.merge(r, 1, Integer::sum));
    }
    System.out.println("accepted " + accepted + "/" + n + " = " + (100.0 * accepted / n));
    System.out.println("rejections " + rej);
    System.out.println("warnings " + warn);
    Files.writeString(Path.of("/tmp/rej.tsv"), sb);
  }
}

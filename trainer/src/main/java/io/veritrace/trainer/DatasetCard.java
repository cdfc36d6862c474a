package io.veritrace.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an export contains, written as {@code card.json} and a {@code README.md} in the
 * Hugging Face dataset-card style.
 *
 * @param counts examples per kind and split ({@code sft → {train, eval}})
 * @param sources examples per kind and source ({@code journal}, {@code replay})
 * @param outcomes examples per kind and trace outcome
 * @param failureRules examples per kind and the rule that failed in the trace
 * @param files the files written
 * @param provenance where the traces came from (journal, offsets)
 */
public record DatasetCard(
    int traces,
    int tracesWithoutExample,
    Map<String, Integer> duplicatesDropped,
    double replayShare,
    int evalPercent,
    Map<String, Map<String, Integer>> counts,
    Map<String, Map<String, Integer>> sources,
    Map<String, Map<String, Integer>> outcomes,
    Map<String, Map<String, Integer>> failureRules,
    List<String> files,
    Map<String, Object> provenance) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** Examples of {@code kind} in {@code split}. */
  public int count(String kind, String split) {
    return counts.getOrDefault(kind, Map.of()).getOrDefault(split, 0);
  }

  void write(Path dir) throws IOException {
    JSON.writeValue(dir.resolve("card.json").toFile(), this);
    StringBuilder md = new StringBuilder();
    md.append("---\nlicense: other\ntask_categories:\n- text-generation\ntags:\n- veritrace\n- verified-reasoning\n---\n\n");
    md.append("# Veritrace training data\n\n");
    md.append("Built from ").append(traces).append(" traces of the Veritrace verification loop (")
        .append(provenance).append("). Layouts are Hugging Face TRL's: `sft-*` and `refusal-*` are conversational ")
        .append("`{\"messages\": [...]}` for `SFTTrainer`; `dpo-*` is conversational preference ")
        .append("`{\"prompt\", \"chosen\", \"rejected\"}` for `DPOTrainer`.\n\n");
    md.append("- SFT targets are answers that passed every check (the corrected steps, not the failed ones); ")
        .append(Math.round(replayShare * 100)).append(" % of SFT examples are replayed general reasoning (`source: replay`).\n");
    md.append("- DPO pairs prefer the verified answer over a failed round's answer to the same prompt.\n");
    md.append("- Refusal examples teach when not to answer: a clarifying question or refusal a check demanded.\n");
    md.append("- Deduplicated (same prompt and target); split by a hash of the prompt, ").append(evalPercent)
        .append(" % eval, no prompt in both splits.\n\n");
    md.append("| kind | train | eval |\n|---|---|---|\n");
    counts.forEach((kind, splits) -> md.append("| ").append(kind).append(" | ").append(splits.getOrDefault("train", 0))
        .append(" | ").append(splits.getOrDefault("eval", 0)).append(" |\n"));
    md.append("\nBy source: ").append(sources).append("\n\nBy outcome: ").append(outcomes)
        .append("\n\nBy failure rule: ").append(failureRules).append("\n\nDuplicates dropped: ").append(duplicatesDropped)
        .append("; traces that taught nothing (refused for lack of budget, a worker error, or unverified): ")
        .append(tracesWithoutExample).append(".\n");
    Files.writeString(dir.resolve("README.md"), md.toString(), StandardCharsets.UTF_8);
  }

  /** Accumulates the counts while files are written. */
  static final class Counter {
    private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
    private final Map<String, Map<String, Integer>> sources = new TreeMap<>();
    private final Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    private final Map<String, Map<String, Integer>> rules = new TreeMap<>();

    void count(String kind, String split, String source, String outcome, Set<String> failed) {
      add(counts, kind, split);
      add(sources, kind, source);
      add(outcomes, kind, outcome);
      for (String r : failed) add(rules, kind, r);
    }

    private static void add(Map<String, Map<String, Integer>> m, String kind, String key) {
      m.computeIfAbsent(kind, k -> new TreeMap<>()).merge(key, 1, Integer::sum);
    }

    DatasetCard card(int traces, int skipped, Map<String, Integer> duplicates, DatasetBuilder.Options options,
        Set<String> files, Map<String, Object> provenance) {
      return new DatasetCard(traces, skipped, new TreeMap<>(duplicates), options.replayShare(), options.evalPercent(),
          counts, sources, outcomes, rules, List.copyOf(files), new TreeMap<>(provenance));
    }
  }
}

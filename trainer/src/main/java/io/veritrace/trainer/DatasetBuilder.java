package io.veritrace.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.core.Round;
import io.veritrace.core.Trace;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns traces into datasets in the layouts Hugging Face TRL reads:
 *
 * <ul>
 *   <li>{@code sft-*.jsonl}, conversational {@code {"messages":[...]}}: the prompt and the
 *       answer that finally verified (the corrected steps, never the failed ones), mixed with a
 *       share of replay examples so an adapter trained on failures keeps general reasoning;
 *   <li>{@code dpo-*.jsonl}, conversational preference {@code {"prompt":[...],"chosen":[...],
 *       "rejected":[...]}}: the verified answer over each failed round's answer to the same prompt;
 *   <li>{@code refusal-*.jsonl}, {@code {"messages":[...]}}: prompts where a check made the runtime
 *       ask or refuse, with the question or refusal as the target.
 * </ul>
 *
 * Examples are deduplicated (same prompt, same target), split into train and eval by a hash of
 * the prompt (so no prompt is in both), and described by a card ({@code README.md},
 * {@code card.json}) with counts per kind, split, source, outcome and failure rule.
 */
public final class DatasetBuilder {

  public enum Kind {
    SFT,
    DPO,
    REFUSAL
  }

  /**
   * @param kinds which datasets to write
   * @param replayShare the share of the SFT set that is replay examples, in [0, 1)
   * @param evalPercent the share of prompts held out for evaluation, 0–50
   * @param seed for choosing replay examples
   */
  public record Options(Set<Kind> kinds, double replayShare, int evalPercent, long seed) {
    public static final Options DEFAULT = new Options(EnumSet.allOf(Kind.class), 0.15, 10, 1);

    public Options {
      kinds = Set.copyOf(kinds);
      if (!(replayShare >= 0 && replayShare < 1)) throw new IllegalArgumentException("replay share must be in [0, 1): " + replayShare);
      if (evalPercent < 0 || evalPercent > 50) throw new IllegalArgumentException("eval percent must be 0-50: " + evalPercent);
    }
  }

  /** A replay example: a prompt and a known-good answer from outside the journal. */
  public record ReplayExample(String prompt, String answer) {}

  private record Example(Kind kind, String source, String outcome, Set<String> rules, String promptKey, ObjectNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private final Options options;
  private final Map<String, Example> examples = new LinkedHashMap<>();
  private final Map<String, Integer> duplicates = new TreeMap<>();
  private int traces;
  private int skipped;

  public DatasetBuilder(Options options) {
    this.options = options;
  }

  /** Adds what {@code trace} teaches. */
  public void add(Trace trace) {
    traces++;
    List<Message> prompt = TraceExamples.prompt(trace.query());
    String key = promptKey(prompt);
    String outcome = trace.outcome().name();
    Set<String> rules = TraceExamples.failureRules(trace);
    boolean used = false;
    String verified = TraceExamples.verified(trace);
    if (verified != null && options.kinds().contains(Kind.SFT)) {
      used |= put(new Example(Kind.SFT, "journal", outcome, rules, key, chat(prompt, verified)));
    }
    if (verified != null && options.kinds().contains(Kind.DPO)) {
      for (Round failed : TraceExamples.failedRounds(trace)) {
        String rejected = TraceExamples.render(failed.proposal());
        if (rejected.equals(verified)) continue;
        ObjectNode pair = JSON.createObjectNode();
        pair.set("prompt", messages(prompt));
        pair.set("chosen", messages(List.of(Message.assistant(verified))));
        pair.set("rejected", messages(List.of(Message.assistant(rejected))));
        Set<String> failedRules = new java.util.LinkedHashSet<>();
        failed.rejections().forEach(v -> failedRules.add(v.rule()));
        used |= put(new Example(Kind.DPO, "journal", outcome, failedRules, key, pair));
      }
    }
    String abstention = TraceExamples.abstention(trace);
    if (abstention != null && options.kinds().contains(Kind.REFUSAL)) {
      used |= put(new Example(Kind.REFUSAL, "journal", outcome, rules, key, chat(prompt, abstention)));
    }
    if (!used) skipped++;
  }

  private boolean put(Example e) {
    String dedupe = e.kind() + "\n" + e.json();
    if (examples.putIfAbsent(dedupe, e) != null) {
      duplicates.merge(e.kind().name().toLowerCase(), 1, Integer::sum);
      return false;
    }
    return true;
  }

  /**
   * Mixes in replay examples (as many as make {@code replayShare} of the SFT set, chosen with the
   * seed), splits, writes the files and the card into {@code dir}.
   */
  public DatasetCard write(Path dir, List<ReplayExample> replay, Map<String, Object> provenance) throws IOException {
    Files.createDirectories(dir);
    if (options.kinds().contains(Kind.SFT) && options.replayShare() > 0 && !replay.isEmpty()) {
      long sft = examples.values().stream().filter(e -> e.kind() == Kind.SFT).count();
      int wanted = (int) Math.round(options.replayShare() / (1 - options.replayShare()) * sft);
      List<ReplayExample> shuffled = new ArrayList<>(replay);
      Collections.shuffle(shuffled, new Random(options.seed()));
      int added = 0;
      for (ReplayExample r : shuffled) {
        if (added == wanted) break;
        List<Message> prompt = List.of(Message.user(r.prompt()));
        if (put(new Example(Kind.SFT, "replay", "REPLAY", Set.of(), promptKey(prompt), chat(prompt, r.answer())))) added++;
      }
    }
    DatasetCard.Counter counter = new DatasetCard.Counter();
    Map<String, BufferedWriter> files = new TreeMap<>();
    try {
      for (Example e : examples.values()) {
        String split = isEval(e.promptKey()) ? "eval" : "train";
        String name = e.kind().name().toLowerCase() + "-" + split + ".jsonl";
        BufferedWriter w = files.get(name);
        if (w == null) {
          w = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
          files.put(name, w);
        }
        w.write(JSON.writeValueAsString(e.json()));
        w.write('\n');
        counter.count(e.kind().name().toLowerCase(), split, e.source(), e.outcome(), e.rules());
      }
    } finally {
      for (BufferedWriter w : files.values()) w.close();
    }
    DatasetCard card = counter.card(traces, skipped, duplicates, options, files.keySet(), provenance);
    card.write(dir);
    return card;
  }

  /** Whether the prompt is held out: the same prompt always lands on the same side. */
  boolean isEval(String promptKey) {
    return Long.parseLong(promptKey.substring(0, 8), 16) % 100 < options.evalPercent();
  }

  private static String promptKey(List<Message> prompt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Message m : prompt) {
        sha.update(m.role().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(m.content().strip().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 1);
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode chat(List<Message> prompt, String answer) {
    List<Message> all = new ArrayList<>(prompt);
    all.add(Message.assistant(answer));
    ObjectNode o = JSON.createObjectNode();
    o.set("messages", messages(all));
    return o;
  }

  private static ArrayNode messages(List<Message> messages) {
    ArrayNode a = JSON.createArrayNode();
    for (Message m : messages) a.addObject().put("role", m.role()).put("content", m.content());
    return a;
  }
}

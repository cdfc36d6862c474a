package io.veritrace.trainer.qlora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Role;
import io.veritrace.core.Turn;
import io.veritrace.reasoners.local.ChatTemplate;
import io.veritrace.reasoners.local.ModelTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the conversational TRL files {@code export} writes ({@code {"messages": [...]}} for SFT,
 * {@code {"prompt": [...], "chosen": [...], "rejected": [...]}} for DPO) into token sequences for
 * {@link LoraTrainer}: each prompt gets {@code system} as its first turn (the system prompt
 * serving puts there) unless it has a system turn of its own, is rendered by the model's chat
 * template, and the reply follows with the end-of-turn token. Sequences longer than
 * {@code maxTokens} are skipped and counted, never cut (a cut reply would teach a cut answer).
 */
public final class TrlDataset {

  /** A line longer than this is refused: no example the runtime writes comes near it. */
  static final int MAX_LINE = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String system;
  private final ChatTemplate template;
  private final ModelTokenizer tokenizer;
  private final int maxTokens;
  private int skipped;

  public TrlDataset(String system, ChatTemplate template, ModelTokenizer tokenizer, int maxTokens) {
    this.system = system;
    this.template = template;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
  }

  /** Examples skipped so far for being longer than the limit. */
  public int skipped() {
    return skipped;
  }

  public List<Sequence> sft(Path file) throws IOException {
    List<Sequence> out = new ArrayList<>();
    for (JsonNode line : lines(file)) {
      List<Turn> turns = turns(line.path("messages"), file);
      if (turns.size() < 2 || turns.get(turns.size() - 1).role() != Role.ASSISTANT) {
        throw new IOException(file + ": an SFT example must end with the assistant's turn");
      }
      Sequence s = sequence(turns.subList(0, turns.size() - 1), turns.get(turns.size() - 1).text());
      if (s != null) out.add(s);
    }
    return out;
  }

  public List<Preference> dpo(Path file) throws IOException {
    List<Preference> out = new ArrayList<>();
    for (JsonNode line : lines(file)) {
      List<Turn> prompt = turns(line.path("prompt"), file);
      Sequence chosen = sequence(prompt, reply(line.path("chosen"), file));
      Sequence rejected = sequence(prompt, reply(line.path("rejected"), file));
      if (chosen != null && rejected != null) out.add(new Preference(chosen, rejected));
    }
    return out;
  }

  /** The last user turn of each example: the question, for evaluating on the same prompts. */
  public static List<String> questions(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode line : lines(file)) {
      List<Turn> turns = turns(line.has("prompt") ? line.get("prompt") : line.path("messages"), file);
      for (int i = turns.size() - 1; i >= 0; i--) {
        if (turns.get(i).role() == Role.USER) {
          out.add(turns.get(i).text());
          break;
        }
      }
    }
    return out;
  }

  private Sequence sequence(List<Turn> prompt, String reply) {
    List<Turn> conversation = new ArrayList<>();
    if (prompt.isEmpty() || prompt.get(0).role() != Role.SYSTEM) conversation.add(new Turn(Role.SYSTEM, system));
    conversation.addAll(prompt);
    Sequence s = Sequence.of(conversation, reply, template, tokenizer);
    if (s.length() > maxTokens) {
      skipped++;
      return null;
    }
    return s;
  }

  private static String reply(JsonNode messages, Path file) throws IOException {
    List<Turn> turns = turns(messages, file);
    if (turns.size() != 1 || turns.get(0).role() != Role.ASSISTANT) throw new IOException(file + ": chosen and rejected must be one assistant turn each");
    return turns.get(0).text();
  }

  private static List<Turn> turns(JsonNode messages, Path file) throws IOException {
    if (!messages.isArray()) throw new IOException(file + ": expected a list of messages, got " + messages.getNodeType());
    List<Turn> out = new ArrayList<>();
    for (JsonNode m : messages) {
      Role role;
      try {
        role = Role.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": unknown role " + m.path("role"));
      }
      out.add(new Turn(role, m.path("content").asText()));
    }
    return out;
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int number = 0;
      StringBuilder line = new StringBuilder();
      int c;
      while (true) {
        line.setLength(0);
        while ((c = r.read()) != -1 && c != '\n') {
          if (line.length() == MAX_LINE) throw new IOException(file + ": line " + (number + 1) + " is longer than " + MAX_LINE + " characters");
          line.append((char) c);
        }
        if (c == -1 && line.length() == 0) break;
        number++;
        if (line.toString().isBlank()) continue;
        try {
          out.add(JSON.readTree(line.toString()));
        } catch (IOException e) {
          throw new IOException(file + ": line " + number + " is not JSON: " + e.getMessage(), e);
        }
        if (c == -1) break;
      }
    }
    return out;
  }
}

package io.veritrace.reasoners.local;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Turn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A Hugging Face model folder loaded for generation: the network, its tokenizer, its chat template
 * and the tokens that end a turn. Generation is serialised: one sequence at a time per model.
 */
public final class LocalModel implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Llama llama;
  private final ModelTokenizer tokenizer;
  private final ChatTemplate template;
  private final Set<Integer> stopIds;

  private LocalModel(Path dir, Llama llama, ModelTokenizer tokenizer, ChatTemplate template, Set<Integer> stopIds) {
    this.dir = dir;
    this.llama = llama;
    this.tokenizer = tokenizer;
    this.template = template;
    this.stopIds = Set.copyOf(stopIds);
  }

  /**
   * Loads {@code dir}: config.json, the safetensors weights and tokenizer.json. The chat template
   * is {@code template} if given, else the one the folder's tokenizer recognisably uses.
   */
  public static LocalModel load(Path dir, Device device, DataType dtype, ChatTemplate template) {
    return load(dir, device, dtype, template, Llama.DENSE);
  }

  /** As {@link #load(Path, Device, DataType, ChatTemplate)}, with the blocks' linear layers made by {@code projections} (the trainer's NF4 and LoRA). */
  public static LocalModel load(Path dir, Device device, DataType dtype, ChatTemplate template, Llama.Projections projections) {
    LlamaConfig config = LlamaConfig.read(dir);
    ModelTokenizer tokenizer = ModelTokenizer.load(dir);
    try {
      ChatTemplate chosen = template != null ? template : ChatTemplate.recognise(jinjaTemplate(dir), tokenizer);
      if (chosen == null) {
        throw new CheckpointException(dir + ": no chat template recognised (neither ChatML nor Llama 3 tokens); name one");
      }
      int endOfTurn = tokenizer.specialId(chosen.endOfTurn());
      if (endOfTurn < 0) throw new CheckpointException(dir + ": the tokenizer has no " + chosen.endOfTurn() + " token for the " + chosen + " template");
      Set<Integer> stops = new LinkedHashSet<>(config.eosTokenIds());
      stops.add(endOfTurn);
      Llama llama;
      try (Checkpoint weights = Checkpoint.open(dir)) {
        llama = Llama.load(config, weights, device, dtype, projections);
      }
      return new LocalModel(dir, llama, tokenizer, chosen, stops);
    } catch (RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  private static String jinjaTemplate(Path dir) {
    Path file = dir.resolve("tokenizer_config.json");
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > (16 << 20)) return null;
      JsonNode t = JSON.readTree(file.toFile()).path("chat_template");
      return t.isTextual() ? t.asText() : null;
    } catch (IOException e) {
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  public Llama llama() {
    return llama;
  }

  public ModelTokenizer tokenizer() {
    return tokenizer;
  }

  public ChatTemplate template() {
    return template;
  }

  /** Generates the assistant's reply to {@code conversation}. */
  public String chat(List<Turn> conversation, Sampling sampling) {
    return tokenizer.decode(generate(tokenizer.encode(template.render(conversation)), sampling));
  }

  /**
   * Continues {@code prompt} with up to {@code sampling.maxNewTokens()} tokens, stopping before a
   * stop token or at the model's context length. Returns the new tokens only. An interrupted
   * thread stops between tokens with a {@link CancellationException}.
   */
  public synchronized int[] generate(int[] prompt, Sampling sampling) {
    if (prompt.length == 0) throw new IllegalArgumentException("empty prompt");
    if (prompt.length >= llama.maxPositions()) {
      throw new IllegalArgumentException("prompt of " + prompt.length + " tokens leaves no room in a context of " + llama.maxPositions());
    }
    Random rnd = new Random(sampling.seed());
    int budget = Math.min(sampling.maxNewTokens(), llama.maxPositions() - prompt.length);
    int[] out = new int[budget];
    int n = 0;
    try (Llama.KvCache cache = llama.newCache(1)) {
      float[] logits = llama.forward(new int[][] {prompt}, cache, false).last(0);
      while (n < budget) {
        if (Thread.currentThread().isInterrupted()) throw new CancellationException("generation interrupted");
        int next = sampling.pick(logits, rnd);
        if (stopIds.contains(next)) break;
        out[n++] = next;
        if (n == budget) break;
        logits = llama.forward(new int[][] {{next}}, cache, false).last(0);
      }
    }
    return Arrays.copyOf(out, n);
  }

  @Override
  public void close() {
    llama.close();
    tokenizer.close();
  }
}

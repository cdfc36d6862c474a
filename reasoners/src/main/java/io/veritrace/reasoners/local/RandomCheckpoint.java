package io.veritrace.reasoners.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a complete Hugging Face model folder with seeded random weights: config.json,
 * model.safetensors and a word-level tokenizer.json that has the ChatML and Llama 3 special
 * tokens. For tests, benchmarks and demos that must run without downloading a checkpoint; what
 * such a model says is noise.
 */
public final class RandomCheckpoint {

  /** The special tokens every random vocabulary starts with, in id order. */
  public static final List<String> SPECIAL = List.of(
      "[UNK]", "<|im_start|>", "<|im_end|>", "<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>");

  private static final ObjectMapper JSON = new ObjectMapper();

  private RandomCheckpoint() {}

  /** The special tokens followed by {@code words}: the vocabulary, in id order. */
  public static List<String> vocabulary(List<String> words) {
    List<String> all = new ArrayList<>(SPECIAL);
    for (String w : words) if (!all.contains(w)) all.add(w);
    return all;
  }

  /**
   * Writes the folder. The configuration's vocabulary must be at least as large as
   * {@link #vocabulary}{@code (words)}; ids beyond it exist in the model but no text maps to them.
   */
  public static void write(Path dir, LlamaConfig config, List<String> words, long seed, Safetensors.DType dtype) throws IOException {
    List<String> vocab = vocabulary(words);
    if (vocab.size() > config.vocabSize()) {
      throw new IllegalArgumentException(vocab.size() + " tokens do not fit a vocabulary of " + config.vocabSize());
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), config.toJson());
    Weights random = new RandomWeights(seed, 0.05);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    Llama.parameterShapes(config).forEach((name, shape) -> tensors.put(name, random.load(name, shape)));
    Safetensors.write(dir.resolve(Checkpoint.SINGLE), tensors, dtype);
    Files.writeString(dir.resolve("tokenizer.json"), wordLevelTokenizer(vocab));
  }

  /**
   * A two-layer Llama of width 32 (4 heads, 2 of keys and values) over {@code words}, fp32 and
   * seeded: small enough to train a round in seconds on a CPU, for tests and demos of the trainer.
   */
  public static void writeTiny(Path dir, List<String> words, long seed) throws IOException {
    LlamaConfig config = new LlamaConfig("llama", vocabulary(words).size(), 32, 64, 2, 4, 2, 8, 1e-5, 10000.0, null, 1024,
        true, false, List.of());
    write(dir, config, words, seed, Safetensors.DType.F32);
  }

  /** A tokenizer.json splitting on whitespace and punctuation, one id per listed word. */
  static String wordLevelTokenizer(List<String> vocab) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIAL.size(); i++) {
      added.addObject().put("id", i).put("content", SPECIAL.get(i)).put("single_word", false).put("lstrip", false)
          .put("rstrip", false).put("normalized", false).put("special", true);
    }
    root.putNull("normalizer");
    root.putObject("pre_tokenizer").put("type", "Whitespace");
    root.putNull("post_processor");
    root.putNull("decoder");
    ObjectNode model = root.putObject("model");
    model.put("type", "WordLevel");
    ObjectNode ids = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) ids.put(vocab.get(i), i);
    model.put("unk_token", "[UNK]");
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
  }
}

package io.veritrace.reasoners.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tiny random Llama and Qwen2 folders written as real checkpoints, for the local model's tests. */
final class TinyModels {

  static final List<String> WORDS;

  static {
    List<String> w = new ArrayList<>(List.of("<<", ">>", "=", "+", "-", "*", "/", "####", ".", ",", ":", "?", "$",
        "Tom", "Anna", "has", "had", "apples", "pens", "gives", "away", "buys", "how", "many", "are", "left", "there",
        "each", "of", "the", "total", "is", "answer", "CLARIFY", "REFUSE", "After", "that", "and", "a"));
    for (int i = 0; i <= 40; i++) w.add(Integer.toString(i));
    WORDS = List.copyOf(w);
  }

  static final int VOCAB = RandomCheckpoint.vocabulary(WORDS).size() + 3; // a few ids no text maps to

  /** Room for the step prompt's system message (about 300 tokens in this vocabulary) and a reply. */
  static final int CONTEXT = 1024;

  private TinyModels() {}

  /** Llama with grouped-query attention (4 query heads over 2), an untied head and Llama 3.1 rope scaling. */
  static LlamaConfig llama() {
    return new LlamaConfig("llama", VOCAB, 32, 64, 2, 4, 2, 8, 1e-5, 500000.0,
        new LlamaConfig.RopeScaling(8, 1, 4, 32), CONTEXT, false, false, List.of());
  }

  /** Qwen2: q/k/v biases, three query heads over one key/value head, a tied head. */
  static LlamaConfig qwen2() {
    return new LlamaConfig("qwen2", VOCAB, 24, 48, 2, 3, 1, 8, 1e-6, 1000000.0, null, CONTEXT, true, true, List.of());
  }

  static Path write(Path dir, LlamaConfig config, long seed) throws IOException {
    RandomCheckpoint.write(dir, config, WORDS, seed, Safetensors.DType.F32);
    return dir;
  }
}

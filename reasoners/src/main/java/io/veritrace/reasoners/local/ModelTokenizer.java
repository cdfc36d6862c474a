package io.veritrace.reasoners.local;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's {@code tokenizer.json} through DJL's binding of Hugging Face tokenizers. Text is
 * encoded as is: no special tokens added, no truncation, no padding (the chat template writes
 * the special tokens itself).
 */
public final class ModelTokenizer implements AutoCloseable {

  private static final long MAX_FILE = 64L << 20;

  private final HuggingFaceTokenizer tokenizer;

  private ModelTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** Loads {@code dir/tokenizer.json}. */
  public static ModelTokenizer load(Path dir) {
    Path file = dir.resolve("tokenizer.json");
    try {
      if (!Files.isRegularFile(file)) throw new CheckpointException(file + ": missing");
      if (Files.size(file) > MAX_FILE) throw new CheckpointException(file + ": larger than " + MAX_FILE + " bytes");
      return new ModelTokenizer(HuggingFaceTokenizer.newInstance(file,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")));
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointException c) throw c;
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    }
  }

  public int[] encode(String text) {
    Encoding e = tokenizer.encode(text, false, false);
    long[] ids = e.getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
    return out;
  }

  /** The text of {@code ids}, special tokens left out. */
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) longs[i] = ids[i];
    return tokenizer.decode(longs, true);
  }

  /** The id of a token the vocabulary has as one piece (a special token), or -1. */
  public int specialId(String token) {
    int[] ids = encode(token);
    return ids.length == 1 && tokenizer.decode(new long[] {ids[0]}, false).equals(token) ? ids[0] : -1;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

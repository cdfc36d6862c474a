package io.veritrace.trainer.qlora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.veritrace.reasoners.local.Llama;
import java.util.List;

/**
 * The log-probabilities a model gives the completions of a batch of sequences: the forward pass
 * on the batch right-padded to its longest sequence, position t scored on token t + 1, and a mask
 * that keeps only the positions predicting completion tokens (prompt and padding count nothing).
 */
final class SequenceLogProbs {

  final NDArray perToken; // [B, L-1] log p of each next token, times the mask
  final NDArray mask; // [B, L-1] 1 where the next token is a completion token
  final int tokens; // sequence tokens run through the model (padding excluded)

  private SequenceLogProbs(NDArray perToken, NDArray mask, int tokens) {
    this.perToken = perToken;
    this.mask = mask;
    this.tokens = tokens;
  }

  static SequenceLogProbs of(Llama model, NDManager m, List<Sequence> batch) {
    int b = batch.size();
    int l = batch.stream().mapToInt(Sequence::length).max().orElseThrow();
    if (l < 2) throw new IllegalArgumentException("sequences need at least two tokens");
    int[][] tokens = new int[b][l];
    long[] targets = new long[b * (l - 1)];
    float[] mask = new float[b * (l - 1)];
    int count = 0;
    for (int i = 0; i < b; i++) {
      Sequence s = batch.get(i);
      int[] ids = s.tokens();
      int promptLength = ids.length - s.completion().length;
      System.arraycopy(ids, 0, tokens[i], 0, ids.length); // padding: token 0, after the sequence, never scored
      count += ids.length;
      for (int t = 0; t + 1 < ids.length; t++) {
        targets[i * (l - 1) + t] = ids[t + 1];
        if (t + 1 >= promptLength) mask[i * (l - 1) + t] = 1;
      }
    }
    NDArray logits = model.logits(m, tokens).get(new NDIndex(":, :{}, :", l - 1)); // [B, L-1, V]
    NDArray logp = logits.logSoftmax(-1); // [B, L-1, V]
    NDArray picked = logp.gather(m.create(targets, new Shape(b, l - 1, 1)), -1).reshape(b, l - 1); // [B, L-1]
    NDArray maskArray = m.create(mask, new Shape(b, l - 1));
    return new SequenceLogProbs(picked.mul(maskArray), maskArray, count);
  }

  /** Σ log p over each sequence's completion: [B]. */
  NDArray sums() {
    return perToken.sum(new int[] {1});
  }

  /** −mean log p over every completion token of the batch: the SFT loss. */
  NDArray meanNegative() {
    return perToken.sum().neg().div(mask.sum());
  }

  int scored() {
    return (int) mask.sum().getFloat();
  }
}

package io.veritrace.reasoners.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.core.Role;
import io.veritrace.core.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokenizer, chat templates and generation of a tiny random model folder. */
class LocalModelTest {

  @TempDir static Path tmp;
  private static LocalModel model;

  @BeforeAll
  static void load() throws Exception {
    model = LocalModel.load(TinyModels.write(tmp.resolve("llama"), TinyModels.llama(), 3), Device.cpu(), DataType.FLOAT32, null);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void tokenizerRoundTripsTextAndKnowsTheSpecialTokens() {
    ModelTokenizer t = model.tokenizer();
    String text = "Tom has 12 apples . After that there are <<12-5=7>> 7 apples";
    int[] ids = t.encode(text);
    assertEquals(List.of("Tom", "has", "12"), List.of(RandomCheckpoint.vocabulary(TinyModels.WORDS).get(ids[0]),
        RandomCheckpoint.vocabulary(TinyModels.WORDS).get(ids[1]), RandomCheckpoint.vocabulary(TinyModels.WORDS).get(ids[2])));
    // word-level decoding joins pieces with spaces, so "<<12-5=7>>" comes back spaced
    assertEquals("Tom has 12 apples . After that there are << 12 - 5 = 7 >> 7 apples", t.decode(ids));
    assertArrayEquals(ids, t.encode(t.decode(ids)));
    assertEquals(RandomCheckpoint.SPECIAL.indexOf("<|im_end|>"), t.specialId("<|im_end|>"));
    assertEquals(-1, t.specialId("apples pens"));
    assertEquals(-1, t.specialId("<|not_a_token|>"));
    int[] withSpecial = t.encode("<|im_start|>user\nTom<|im_end|>");
    assertEquals(RandomCheckpoint.SPECIAL.indexOf("<|im_start|>"), withSpecial[0]);
    assertEquals("Tom", t.decode(withSpecial).replace("[UNK]", "").strip()); // special tokens are skipped in decoding
    assertEquals(3000, t.encode("Tom has 12 apples . ".repeat(600)).length); // no truncation at the tokenizer's 512 default
  }

  @Test
  void chatTemplatesRenderTheFormatsModelsWereTrainedOn() {
    List<Turn> conversation = List.of(new Turn(Role.SYSTEM, "Be brief."), Turn.user("2+2?"));
    assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n",
        ChatTemplate.CHATML.render(conversation));
    assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\n2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
        ChatTemplate.LLAMA3.render(conversation));
    assertEquals(ChatTemplate.LLAMA3, ChatTemplate.recognise("{{ '<|start_header_id|>' + message['role'] }}", model.tokenizer()));
    assertEquals(ChatTemplate.CHATML, ChatTemplate.recognise(null, model.tokenizer())); // from the vocabulary
    assertEquals(ChatTemplate.CHATML, model.template());
  }

  @Test
  void greedyGenerationIsDeterministicAndFollowsTheArgmaxOfAFullRecompute() {
    int[] prompt = model.tokenizer().encode("Tom has 12 apples . how many are left ?");
    int[] a = model.generate(prompt, Sampling.greedy(8));
    int[] b = model.generate(prompt, Sampling.greedy(8));
    assertArrayEquals(a, b);
    // each generated token is the argmax of the logits of everything before it, recomputed without a cache
    int[] seq = Arrays.copyOf(prompt, prompt.length + a.length);
    System.arraycopy(a, 0, seq, prompt.length, a.length);
    try (Llama.KvCache c = model.llama().newCache(1)) {
      Llama.Logits all = model.llama().forward(new int[][] {seq}, c, true);
      for (int i = 0; i < a.length; i++) assertEquals(Sampling.argmax(all.at(0, prompt.length - 1 + i)), a[i], "token " + i);
    }
  }

  @Test
  void sampledGenerationRepeatsForASeedAndVariesAcrossSeeds() {
    int[] prompt = model.tokenizer().encode("Anna buys 3 pens");
    Sampling hot = new Sampling(1.5, 0.95, 42, 12);
    assertArrayEquals(model.generate(prompt, hot), model.generate(prompt, hot));
    boolean varies = false;
    for (long s = 1; s < 6 && !varies; s++) varies = !Arrays.equals(model.generate(prompt, hot), model.generate(prompt, hot.withSeed(s)));
    assertTrue(varies, "different seeds should give different samples from a near-uniform random model");
  }

  @Test
  void generationStopsBeforeAStopTokenOrAtTheTokenBudget() throws Exception {
    int[] prompt = model.tokenizer().encode("Tom has 3 pens");
    int[] free = model.generate(prompt, Sampling.greedy(6));
    assertEquals(6, free.length);
    int k = 1;
    while (indexOf(free, free[k]) < k) k++; // the first token not generated before
    // the same weights, with the k-th greedy token declared end-of-sequence in config.json
    LlamaConfig c = TinyModels.llama();
    LlamaConfig stopping = new LlamaConfig(c.modelType(), c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
        c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(), c.ropeScaling(),
        c.maxPositionEmbeddings(), c.tieWordEmbeddings(), c.attentionBias(), List.of(free[k]));
    try (LocalModel stops = LocalModel.load(TinyModels.write(tmp.resolve("stops"), stopping, 3), Device.cpu(), DataType.FLOAT32, null)) {
      assertArrayEquals(Arrays.copyOf(free, k), stops.generate(prompt, Sampling.greedy(6)));
    }
    assertThrows(IllegalArgumentException.class, () -> model.generate(new int[0], Sampling.greedy(3)));
    assertThrows(IllegalArgumentException.class, () -> model.generate(new int[TinyModels.CONTEXT], Sampling.greedy(3)));
  }

  @Test
  void topPKeepsOnlyTheNucleus() {
    float[] logits = {0, (float) Math.log(6), (float) Math.log(3), 0}; // probabilities 1/11, 6/11, 3/11, 1/11
    Sampling nucleus = new Sampling(1, 0.8, 0, 1); // 6/11 + 3/11 ≥ 0.8: tokens 1 and 2 only
    Random rnd = new Random(7);
    int[] counts = new int[4];
    for (int i = 0; i < 3000; i++) counts[nucleus.pick(logits, rnd)]++;
    assertEquals(0, counts[0] + counts[3]);
    assertEquals(2.0, (double) counts[1] / counts[2], 0.25); // renormalised 6:3
    Sampling all = new Sampling(1, 1, 0, 1);
    int[] wide = new int[4];
    for (int i = 0; i < 3000; i++) wide[all.pick(logits, rnd)]++;
    assertTrue(wide[0] > 150 && wide[3] > 150, Arrays.toString(wide));
    assertEquals(1, new Sampling(1, 0.01, 0, 1).pick(logits, rnd)); // a tiny nucleus still keeps the top token
    assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, 0, 1));
  }

  @Test
  void aFolderWithoutAChatTemplateOrWeightsFailsClearly() throws Exception {
    Path dir = TinyModels.write(tmp.resolve("noweights"), TinyModels.qwen2(), 1);
    Files.delete(dir.resolve(Checkpoint.SINGLE));
    CheckpointException e = assertThrows(CheckpointException.class, () -> LocalModel.load(dir, Device.cpu(), DataType.FLOAT32, null));
    assertTrue(e.getMessage().contains("no model.safetensors"), e.getMessage());
    Files.delete(dir.resolve("tokenizer.json"));
    assertTrue(assertThrows(CheckpointException.class, () -> LocalModel.load(dir, Device.cpu(), DataType.FLOAT32, null))
        .getMessage().contains("tokenizer.json: missing"));
  }

  @Test
  void differentPromptsGiveDifferentContinuations() {
    int[] a = model.generate(model.tokenizer().encode("Tom has 3 pens"), Sampling.greedy(6));
    int[] b = model.generate(model.tokenizer().encode("Anna had 40 apples"), Sampling.greedy(6));
    assertNotEquals(Arrays.toString(a), Arrays.toString(b));
  }

  private static int indexOf(int[] tokens, int token) {
    for (int i = 0; i < tokens.length; i++) if (tokens[i] == token) return i;
    return -1;
  }
}

package io.veritrace.reasoners.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.core.Turn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer format real Llama 3, Qwen2 and SmolLM2 checkpoints ship: byte-level BPE (GPT-2's
 * byte-to-character map, "Ġ" for a space) with added special tokens, written here in miniature.
 */
class ByteLevelTokenizerTest {

  @TempDir Path tmp;

  private static final List<String> MERGES = List.of("Ġ t", "o m", "T om", "Ġ a", "p p", "Ġa pp", "l e", "le s", "Ġapp les", "1 2");

  /** GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to 256 + n. */
  private static char[] byteChars() {
    List<Integer> bs = new ArrayList<>();
    for (int b = '!'; b <= '~'; b++) bs.add(b);
    for (int b = 0xA1; b <= 0xAC; b++) bs.add(b);
    for (int b = 0xAE; b <= 0xFF; b++) bs.add(b);
    char[] map = new char[256];
    int n = 0;
    for (int b = 0; b < 256; b++) map[b] = bs.contains(b) ? (char) b : (char) (256 + n++);
    return map;
  }

  private static int writeTokenizer(Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    ObjectNode vocab = json.createObjectNode();
    int id = 0;
    for (char c : byteChars()) vocab.put(String.valueOf(c), id++);
    for (String m : MERGES) vocab.put(m.replace(" ", ""), id++);
    ArrayNode added = root.putArray("added_tokens");
    for (String special : List.of("<|im_start|>", "<|im_end|>")) {
      added.addObject().put("id", id++).put("content", special).put("single_word", false).put("lstrip", false)
          .put("rstrip", false).put("normalized", false).put("special", true);
    }
    root.putNull("normalizer");
    root.putObject("pre_tokenizer").put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true).put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE").putNull("dropout").putNull("unk_token").put("fuse_unk", false).put("byte_fallback", false);
    model.set("vocab", vocab);
    ArrayNode merges = model.putArray("merges");
    MERGES.forEach(merges::add);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tokenizer.json"), json.writeValueAsString(root));
    return id;
  }

  @Test
  void byteLevelBpeRoundTripsTextExactlyAndAModelChatsThroughIt() throws Exception {
    Path dir = tmp.resolve("bpe");
    int vocab = writeTokenizer(dir);
    try (ModelTokenizer t = ModelTokenizer.load(dir)) {
      String text = "Tom has 12 apples.\nTom gives 5 € away!";
      int[] ids = t.encode(text);
      assertEquals(text, t.decode(ids)); // byte-level: spaces, newlines and any UTF-8 come back exactly
      assertEquals(256 + 2, ids[0]); // "Tom", merged
      assertTrue(java.util.Arrays.stream(ids).anyMatch(i -> i == 256 + 8), "Ġapples is one merged token");
      assertEquals(vocab - 1, t.specialId("<|im_end|>"));
      int[] chat = t.encode("<|im_start|>user\nTom<|im_end|>");
      assertEquals(vocab - 2, chat[0]);
      assertEquals("user\nTom", t.decode(chat));
    }
    LlamaConfig c = TinyModels.qwen2();
    LlamaConfig config = new LlamaConfig(c.modelType(), vocab, c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(), c.numAttentionHeads(),
        c.numKeyValueHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(), null, 512, true, true, List.of());
    Files.writeString(dir.resolve("config.json"), config.toJson());
    java.util.Map<String, HostTensor> weights = new java.util.LinkedHashMap<>();
    RandomWeights random = new RandomWeights(2, 0.05);
    Llama.parameterShapes(config).forEach((name, shape) -> weights.put(name, random.load(name, shape)));
    Safetensors.write(dir.resolve(Checkpoint.SINGLE), weights, Safetensors.DType.F32);
    try (LocalModel model = LocalModel.load(dir, Device.cpu(), DataType.FLOAT32, null)) {
      assertEquals(ChatTemplate.CHATML, model.template());
      String reply = model.chat(List.of(Turn.user("Tom has 12 apples.")), Sampling.greedy(16));
      int[] again = model.tokenizer().encode(reply);
      assertTrue(again.length > 0 && again.length <= 16 * 4, reply); // a random model's bytes may not even be valid UTF-8
      assertArrayEquals(model.generate(model.tokenizer().encode("Tom"), Sampling.greedy(5)), model.generate(model.tokenizer().encode("Tom"), Sampling.greedy(5)));
    }
  }
}

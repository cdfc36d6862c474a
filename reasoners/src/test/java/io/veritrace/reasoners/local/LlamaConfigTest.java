package io.veritrace.reasoners.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaConfigTest {

  @TempDir Path tmp;

  private LlamaConfig read(String json) throws Exception {
    Files.writeString(tmp.resolve("config.json"), json);
    return LlamaConfig.read(tmp);
  }

  private String failure(String json) {
    return assertThrows(CheckpointException.class, () -> read(json)).getMessage();
  }

  @Test
  void readsASmolLm2StyleConfig() throws Exception {
    LlamaConfig c = read("""
        {"architectures":["LlamaForCausalLM"],"model_type":"llama","vocab_size":49152,"hidden_size":576,
         "intermediate_size":1536,"num_hidden_layers":30,"num_attention_heads":9,"num_key_value_heads":3,
         "rms_norm_eps":1e-05,"rope_theta":100000,"tie_word_embeddings":true,"max_position_embeddings":8192,
         "bos_token_id":0,"eos_token_id":0,"hidden_act":"silu","rope_scaling":null}""");
    assertEquals(64, c.headDim()); // hidden / heads when head_dim is absent
    assertEquals(3, c.groups());
    assertTrue(c.tieWordEmbeddings());
    assertEquals(false, c.attentionBias());
    assertNull(c.ropeScaling());
    assertEquals(List.of(0), c.eosTokenIds());
  }

  @Test
  void qwen2HasAttentionBiasesAndGenerationConfigAddsStopTokens() throws Exception {
    Files.writeString(tmp.resolve("generation_config.json"), "{\"eos_token_id\":[151645,151643]}");
    LlamaConfig c = read("""
        {"model_type":"qwen2","vocab_size":151936,"hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,
         "num_attention_heads":14,"num_key_value_heads":2,"rope_theta":1000000.0,"tie_word_embeddings":true,
         "eos_token_id":151643,"use_sliding_window":false}""");
    assertTrue(c.attentionBias());
    assertEquals(List.of(151643, 151645), c.eosTokenIds());
  }

  @Test
  void writtenConfigsReadBackEqual() throws Exception {
    for (LlamaConfig c : List.of(TinyModels.llama(), TinyModels.qwen2())) {
      assertEquals(c, read(c.toJson()));
    }
  }

  @Test
  void unsupportedOrMalformedConfigsFailNamingTheField() {
    assertTrue(failure("{\"model_type\":\"gpt2\",\"architectures\":[\"GPT2LMHeadModel\"]}").contains("unsupported architecture 'gpt2'"));
    String base = "\"model_type\":\"llama\",\"vocab_size\":10,\"hidden_size\":8,\"intermediate_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":2";
    assertTrue(failure("{" + base + ",\"num_key_value_heads\":3}").contains("not a multiple of num_key_value_heads"));
    assertTrue(failure("{\"model_type\":\"llama\",\"hidden_size\":8}").contains("missing or non-integer 'num_attention_heads'"));
    assertTrue(failure("{" + base + ",\"hidden_act\":\"gelu\"}").contains("hidden_act 'gelu'"));
    assertTrue(failure("{" + base + ",\"rope_scaling\":{\"rope_type\":\"yarn\",\"factor\":4}}").contains("rope_scaling type 'yarn'"));
    assertTrue(failure("{" + base + ",\"num_hidden_layers\":100000000}").contains("num_hidden_layers must be between"));
    assertTrue(failure("[]").contains("not a JSON object"));
    assertTrue(failure("{" + base + ",\"head_dim\":3}").contains("head_dim must be even"));
  }
}

package io.veritrace.reasoners.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The architecture of a Llama-family checkpoint, from its {@code config.json}. Llama and Qwen2
 * differ only in Qwen2's q/k/v biases (Llama may have them too, as {@code attention_bias}).
 *
 * @param modelType {@code llama} or {@code qwen2}
 * @param headDim per-head width; {@code hidden_size / num_attention_heads} unless given
 * @param ropeScaling Llama 3.1's long-context frequency scaling, or null for none
 * @param attentionBias whether q, k and v projections have biases (always for Qwen2)
 * @param eosTokenIds ids that end generation, from config.json and generation_config.json
 */
public record LlamaConfig(
    String modelType,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    int headDim,
    double rmsNormEps,
    double ropeTheta,
    RopeScaling ropeScaling,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean attentionBias,
    List<Integer> eosTokenIds) {

  /** Llama 3.1's {@code rope_scaling} of type {@code llama3}. */
  public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositionEmbeddings) {}

  public static final Set<String> SUPPORTED = Set.of("llama", "qwen2");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_CONFIG = 1 << 20;
  // generous bounds on a real model; beyond them a config is malformed, not large
  private static final int MAX_WIDTH = 1 << 17;
  private static final int MAX_VOCAB = 1 << 22;

  public LlamaConfig {
    if (!SUPPORTED.contains(modelType)) {
      throw new CheckpointException("unsupported architecture '" + modelType + "' (supported: llama, qwen2)");
    }
    positive("vocab_size", vocabSize, MAX_VOCAB);
    positive("hidden_size", hiddenSize, MAX_WIDTH);
    positive("intermediate_size", intermediateSize, 4 * MAX_WIDTH);
    positive("num_hidden_layers", numHiddenLayers, 1024);
    positive("num_attention_heads", numAttentionHeads, 1024);
    positive("num_key_value_heads", numKeyValueHeads, 1024);
    positive("head_dim", headDim, 4096);
    positive("max_position_embeddings", maxPositionEmbeddings, 1 << 24);
    if (headDim % 2 != 0) throw new CheckpointException("head_dim must be even for rotary embeddings: " + headDim);
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new CheckpointException("num_attention_heads " + numAttentionHeads + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0)) throw new CheckpointException("rms_norm_eps and rope_theta must be positive");
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  private static void positive(String field, int value, int max) {
    if (value < 1 || value > max) throw new CheckpointException(field + " must be between 1 and " + max + ": " + value);
  }

  /** Query heads per key/value head. */
  public int groups() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** Reads {@code config.json} (and {@code generation_config.json} when present) of a model folder. */
  public static LlamaConfig read(Path dir) {
    JsonNode c = readJson(dir.resolve("config.json"), true);
    String type = c.path("model_type").asText("");
    if (!SUPPORTED.contains(type)) {
      throw new CheckpointException(dir.resolve("config.json") + ": unsupported architecture '" + type + "' " + c.path("architectures") + " (supported: llama, qwen2)");
    }
    String act = c.path("hidden_act").asText("silu");
    if (!act.equals("silu")) throw new CheckpointException(dir.resolve("config.json") + ": hidden_act '" + act + "' (only silu is implemented)");
    if (c.path("mlp_bias").asBoolean(false)) throw new CheckpointException(dir.resolve("config.json") + ": mlp_bias is not implemented");
    if (c.path("use_sliding_window").asBoolean(false)) throw new CheckpointException(dir.resolve("config.json") + ": sliding-window attention is not implemented");
    int hidden = required(c, "hidden_size");
    int heads = required(c, "num_attention_heads");
    int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : hidden / heads;
    Set<Integer> eos = new LinkedHashSet<>(ids(c.path("eos_token_id")));
    eos.addAll(ids(readJson(dir.resolve("generation_config.json"), false).path("eos_token_id")));
    return new LlamaConfig(
        type,
        required(c, "vocab_size"),
        hidden,
        required(c, "intermediate_size"),
        required(c, "num_hidden_layers"),
        heads,
        c.path("num_key_value_heads").asInt(heads),
        headDim,
        c.path("rms_norm_eps").asDouble(1e-6),
        c.path("rope_theta").asDouble(10000.0),
        ropeScaling(dir, c.path("rope_scaling")),
        c.path("max_position_embeddings").asInt(2048),
        c.path("tie_word_embeddings").asBoolean(false),
        type.equals("qwen2") || c.path("attention_bias").asBoolean(false),
        new ArrayList<>(eos));
  }

  private static RopeScaling ropeScaling(Path dir, JsonNode s) {
    if (s.isMissingNode() || s.isNull()) return null;
    String type = s.path("rope_type").asText(s.path("type").asText(""));
    if (type.equals("default")) return null;
    if (!type.equals("llama3")) {
      throw new CheckpointException(dir.resolve("config.json") + ": rope_scaling type '" + type + "' is not implemented (only llama3)");
    }
    return new RopeScaling(
        s.path("factor").asDouble(8),
        s.path("low_freq_factor").asDouble(1),
        s.path("high_freq_factor").asDouble(4),
        s.path("original_max_position_embeddings").asInt(8192));
  }

  /** The {@code config.json} Hugging Face would write for this architecture. */
  public String toJson() {
    ObjectNode c = JSON.createObjectNode();
    c.putArray("architectures").add(modelType.equals("qwen2") ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
    c.put("model_type", modelType);
    c.put("vocab_size", vocabSize);
    c.put("hidden_size", hiddenSize);
    c.put("intermediate_size", intermediateSize);
    c.put("num_hidden_layers", numHiddenLayers);
    c.put("num_attention_heads", numAttentionHeads);
    c.put("num_key_value_heads", numKeyValueHeads);
    c.put("head_dim", headDim);
    c.put("hidden_act", "silu");
    c.put("rms_norm_eps", rmsNormEps);
    c.put("rope_theta", ropeTheta);
    if (ropeScaling != null) {
      c.putObject("rope_scaling")
          .put("rope_type", "llama3")
          .put("factor", ropeScaling.factor())
          .put("low_freq_factor", ropeScaling.lowFreqFactor())
          .put("high_freq_factor", ropeScaling.highFreqFactor())
          .put("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
    }
    c.put("max_position_embeddings", maxPositionEmbeddings);
    c.put("tie_word_embeddings", tieWordEmbeddings);
    if (modelType.equals("llama")) c.put("attention_bias", attentionBias);
    var eos = c.putArray("eos_token_id");
    eosTokenIds.forEach(eos::add);
    c.put("torch_dtype", "float32");
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int required(JsonNode c, String field) {
    JsonNode v = c.get(field);
    if (v == null || !v.canConvertToInt()) throw new CheckpointException("config.json: missing or non-integer '" + field + "'");
    return v.asInt();
  }

  private static List<Integer> ids(JsonNode node) {
    List<Integer> out = new ArrayList<>();
    if (node.canConvertToInt()) out.add(node.asInt());
    else if (node.isArray()) node.forEach(n -> {
      if (n.canConvertToInt()) out.add(n.asInt());
    });
    return out;
  }

  private static JsonNode readJson(Path file, boolean required) {
    try {
      if (!Files.isRegularFile(file)) {
        if (required) throw new CheckpointException(file + ": missing");
        return JSON.createObjectNode();
      }
      if (Files.size(file) > MAX_CONFIG) throw new CheckpointException(file + ": larger than " + MAX_CONFIG + " bytes");
      JsonNode n = JSON.readTree(file.toFile());
      if (n == null || !n.isObject()) throw new CheckpointException(file + ": not a JSON object");
      return n;
    } catch (IOException e) {
      throw new CheckpointException(file + ": " + e.getMessage(), e);
    }
  }
}

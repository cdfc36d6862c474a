package io.veritrace.trainer.qlora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.reasoners.local.HostTensor;
import io.veritrace.reasoners.local.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LoRA adapter folder as PEFT saves it and PEFT and vLLM load it: {@code adapter_config.json}
 * and {@code adapter_model.safetensors} with tensors named
 * {@code base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight} (A [r, in], B [out, r]).
 * Only plain LoRA is read: a configuration asking for rsLoRA, DoRA, biases or extra trained
 * modules is refused by name rather than served wrong.
 */
public record PeftAdapter(LoraConfig config, String baseModel, Map<String, HostTensor> tensors) {

  public static final String CONFIG = "adapter_config.json";
  public static final String WEIGHTS = "adapter_model.safetensors";

  private static final ObjectMapper JSON = new ObjectMapper();

  public PeftAdapter {
    tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** Writes the folder (float32 tensors), replacing what is there. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    ObjectNode c = JSON.createObjectNode();
    c.put("peft_type", "LORA");
    c.put("task_type", "CAUSAL_LM");
    c.put("base_model_name_or_path", baseModel);
    c.put("r", config.r());
    c.put("lora_alpha", config.alpha());
    c.put("lora_dropout", config.dropout());
    config.targetModules().forEach(c.putArray("target_modules")::add);
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    c.put("init_lora_weights", true);
    c.put("use_rslora", false);
    c.put("use_dora", false);
    c.putNull("modules_to_save");
    c.putNull("layers_to_transform");
    c.putNull("revision");
    Files.writeString(dir.resolve(CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
    Safetensors.write(dir.resolve(WEIGHTS), tensors, Safetensors.DType.F32);
  }

  /**
   * Reads a folder PEFT wrote. Tensor names are taken with or without PEFT's adapter name
   * ({@code lora_A.default.weight} is also accepted); the A/B shapes must agree with r.
   */
  public static PeftAdapter read(Path dir) throws IOException {
    Path configFile = dir.resolve(CONFIG), weights = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(configFile)) throw new IOException(dir + ": no " + CONFIG);
    if (!Files.isRegularFile(weights)) throw new IOException(dir + ": no " + WEIGHTS + " (adapter_model.bin, a pickle, is not read)");
    if (Files.size(configFile) > (1 << 20)) throw new IOException(configFile + ": larger than 1 MiB");
    JsonNode c = JSON.readTree(configFile.toFile());
    if (!"LORA".equals(c.path("peft_type").asText())) throw new IOException(configFile + ": peft_type " + c.path("peft_type") + ", only LORA is read");
    refuseIf(c, "use_rslora", c.path("use_rslora").asBoolean(false), configFile);
    refuseIf(c, "use_dora", c.path("use_dora").asBoolean(false), configFile);
    refuseIf(c, "bias", !c.path("bias").asText("none").equals("none"), configFile);
    refuseIf(c, "modules_to_save", !c.path("modules_to_save").isNull() && !c.path("modules_to_save").isMissingNode()
        && !c.path("modules_to_save").isEmpty(), configFile);
    refuseIf(c, "fan_in_fan_out", c.path("fan_in_fan_out").asBoolean(false), configFile);
    if (c.hasNonNull("rank_pattern") && !c.get("rank_pattern").isEmpty()) refuseIf(c, "rank_pattern", true, configFile);
    if (c.hasNonNull("alpha_pattern") && !c.get("alpha_pattern").isEmpty()) refuseIf(c, "alpha_pattern", true, configFile);
    List<String> targets = new ArrayList<>();
    JsonNode t = c.path("target_modules");
    if (t.isTextual()) throw new IOException(configFile + ": target_modules as a pattern (" + t.asText() + ") is not read; list the modules");
    t.forEach(n -> targets.add(n.asText()));
    LoraConfig config;
    try {
      config = new LoraConfig(c.path("r").asInt(), c.path("lora_alpha").asDouble(), c.path("lora_dropout").asDouble(0), targets);
    } catch (IllegalArgumentException e) {
      throw new IOException(configFile + ": " + e.getMessage(), e);
    }
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    try (Safetensors file = Safetensors.open(weights)) {
      for (String name : file.names()) {
        String plain = name.replace(".lora_A.default.weight", ".lora_A.weight").replace(".lora_B.default.weight", ".lora_B.weight");
        if (!plain.startsWith(PeftNames.PREFIX) || !(plain.endsWith(".lora_A.weight") || plain.endsWith(".lora_B.weight"))) {
          throw new IOException(weights + ": tensor " + name + " is not a LoRA A or B matrix");
        }
        HostTensor h = file.read(name);
        long[] shape = h.shape();
        boolean isA = plain.endsWith(".lora_A.weight");
        if (shape.length != 2 || (isA ? shape[0] : shape[1]) != config.r()) {
          throw new IOException(weights + ": " + name + " has shape " + java.util.Arrays.toString(shape) + ", not rank " + config.r());
        }
        tensors.put(plain, h);
      }
    }
    return new PeftAdapter(config, c.path("base_model_name_or_path").asText(""), tensors);
  }

  private static void refuseIf(JsonNode c, String field, boolean refused, Path file) throws IOException {
    if (refused) throw new IOException(file + ": " + field + " = " + c.path(field) + " is not supported (plain LoRA only)");
  }
}

package io.veritrace.reasoners.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors}, or the shards named by
 * {@code model.safetensors.index.json}. Tensors are looked up by name with the shape the
 * configuration expects, so a wrong checkpoint fails naming the tensor.
 */
public final class Checkpoint implements Weights, AutoCloseable {

  public static final String SINGLE = "model.safetensors";
  public static final String INDEX = "model.safetensors.index.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_INDEX = 64L << 20;

  private final Path dir;
  private final Map<String, Safetensors> byTensor;
  private final List<Safetensors> files;

  private Checkpoint(Path dir, Map<String, Safetensors> byTensor, List<Safetensors> files) {
    this.dir = dir;
    this.byTensor = byTensor;
    this.files = files;
  }

  public static Checkpoint open(Path dir) {
    Path single = dir.resolve(SINGLE);
    Path index = dir.resolve(INDEX);
    if (Files.isRegularFile(index)) return sharded(dir, index);
    if (!Files.isRegularFile(single)) {
      throw new CheckpointException(dir + ": no " + SINGLE + " or " + INDEX + " (only safetensors checkpoints are read)");
    }
    Safetensors file = Safetensors.open(single);
    Map<String, Safetensors> byTensor = new HashMap<>();
    for (String name : file.names()) byTensor.put(name, file);
    return new Checkpoint(dir, byTensor, List.of(file));
  }

  private static Checkpoint sharded(Path dir, Path index) {
    JsonNode weightMap;
    try {
      if (Files.size(index) > MAX_INDEX) throw new CheckpointException(index + ": larger than " + MAX_INDEX + " bytes");
      weightMap = JSON.readTree(index.toFile()).path("weight_map");
    } catch (IOException e) {
      throw new CheckpointException(index + ": " + e.getMessage(), e);
    }
    if (!weightMap.isObject()) throw new CheckpointException(index + ": no \"weight_map\" object");
    Map<String, Safetensors> shards = new LinkedHashMap<>();
    Map<String, Safetensors> byTensor = new HashMap<>();
    try {
      for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String shard = e.getValue().asText("");
        // a shard is a file beside the index, never a path that leaves the folder
        if (!shard.endsWith(".safetensors") || shard.contains("/") || shard.contains("\\") || shard.startsWith(".")) {
          throw new CheckpointException(index + ": tensor '" + e.getKey() + "' maps to a bad shard name '" + shard + "'");
        }
        Safetensors file = shards.get(shard);
        if (file == null) {
          file = Safetensors.open(dir.resolve(shard));
          shards.put(shard, file);
        }
        if (file.entry(e.getKey()) == null) {
          throw new CheckpointException(index + ": tensor '" + e.getKey() + "' is not in its shard " + shard);
        }
        byTensor.put(e.getKey(), file);
      }
    } catch (RuntimeException e) {
      shards.values().forEach(Safetensors::close);
      throw e;
    }
    return new Checkpoint(dir, byTensor, new ArrayList<>(shards.values()));
  }

  public Set<String> names() {
    return new TreeSet<>(byTensor.keySet());
  }

  /** Reads tensor {@code name}, which must have exactly {@code expectedShape}. */
  @Override
  public HostTensor load(String name, long... expectedShape) {
    Safetensors file = byTensor.get(name);
    if (file == null) throw new CheckpointException(dir + ": missing tensor '" + name + "' " + Arrays.toString(expectedShape));
    long[] shape = file.entry(name).shape();
    if (!Arrays.equals(shape, expectedShape)) {
      throw new CheckpointException(dir + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
          + " but the configuration needs " + Arrays.toString(expectedShape));
    }
    return file.read(name);
  }

  @Override
  public void close() {
    files.forEach(Safetensors::close);
  }

  /**
   * Writes {@code tensors} as shards of at most about {@code shardBytes} each plus the index, as
   * Hugging Face's {@code save_pretrained} does for large models.
   */
  public static void writeSharded(Path dir, Map<String, HostTensor> tensors, Safetensors.DType dtype, long shardBytes)
      throws IOException {
    List<Map<String, HostTensor>> shards = new ArrayList<>();
    Map<String, HostTensor> current = new LinkedHashMap<>();
    long size = 0;
    for (Map.Entry<String, HostTensor> t : tensors.entrySet()) {
      long bytes = (long) t.getValue().values().length * dtype.bytes;
      if (!current.isEmpty() && size + bytes > shardBytes) {
        shards.add(current);
        current = new LinkedHashMap<>();
        size = 0;
      }
      current.put(t.getKey(), t.getValue());
      size += bytes;
    }
    if (!current.isEmpty()) shards.add(current);
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", tensors.values().stream().mapToLong(t -> (long) t.values().length * dtype.bytes).sum());
    ObjectNode weightMap = index.putObject("weight_map");
    for (int i = 0; i < shards.size(); i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      Safetensors.write(dir.resolve(name), shards.get(i), dtype);
      for (String tensor : shards.get(i).keySet()) weightMap.put(tensor, name);
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(INDEX).toFile(), index);
  }
}

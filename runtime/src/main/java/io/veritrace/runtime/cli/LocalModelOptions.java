package io.veritrace.runtime.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.reasoners.local.ChatTemplate;
import io.veritrace.reasoners.local.LocalModel;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.local.Sampling;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * How {@code --backend local} runs a Hugging Face Llama-family folder in this process: device,
 * weights' type, chat template and sampling ({@code ask} and {@code serve}).
 */
final class LocalModelOptions {

  @CommandLine.Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu", description = "local: where the model runs (default: ${DEFAULT-VALUE})")
  private String device;

  @CommandLine.Option(names = "--dtype", paramLabel = "float32|bfloat16|float16",
      description = "local: the weights' type (default: float32 on the CPU, bfloat16 on a GPU)")
  private String dtype;

  @CommandLine.Option(names = "--template", paramLabel = "chatml|llama3", description = "local: the chat template (default: from the model's files)")
  private String template;

  @CommandLine.Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "256", description = "local: tokens per answer (default: ${DEFAULT-VALUE})")
  private int maxNewTokens;

  @CommandLine.Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "local: sampling temperature, 0 for greedy (default: ${DEFAULT-VALUE})")
  private double temperature;

  @CommandLine.Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "local: nucleus sampling share (default: ${DEFAULT-VALUE})")
  private double topP;

  /**
   * Loads the model folder {@code model} with {@code adapter}'s layers (and the adapter itself
   * swapped in), sampling with {@code seed}; progress on {@code err}.
   */
  LocalReasoner open(String model, long seed, ServingAdapter adapter, PrintStream err) {
    if (model == null) throw new UsageException("--backend local needs --model DIR (a Hugging Face model folder)");
    Path dir = Path.of(model);
    if (!Files.isDirectory(dir)) throw new UsageException("--model " + model + " is not a folder");
    Device device = switch (this.device) {
      case "cpu" -> Device.cpu();
      case "gpu" -> Device.gpu();
      default -> throw new UsageException("--device must be cpu or gpu");
    };
    DataType dtype = switch (this.dtype != null ? this.dtype : device.isGpu() ? "bfloat16" : "float32") {
      case "float32" -> DataType.FLOAT32;
      case "bfloat16" -> DataType.BFLOAT16;
      case "float16" -> DataType.FLOAT16;
      default -> throw new UsageException("--dtype must be float32, bfloat16 or float16");
    };
    ChatTemplate template = this.template == null ? null : template(this.template);
    Sampling sampling;
    try {
      sampling = new Sampling(temperature, topP, seed, maxNewTokens);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    err.printf("loading %s on %s (%s)...%n", dir, device.getDeviceType(), dtype.name().toLowerCase(Locale.ROOT));
    LocalReasoner reasoner = new LocalReasoner(LocalModel.load(dir, device, dtype, template, adapter.projections()), sampling);
    adapter.putInto(reasoner);
    return reasoner;
  }

  private static ChatTemplate template(String name) {
    try {
      return ChatTemplate.valueOf(name.toUpperCase(Locale.ROOT).replace("-", ""));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--template must be chatml or llama3");
    }
  }
}

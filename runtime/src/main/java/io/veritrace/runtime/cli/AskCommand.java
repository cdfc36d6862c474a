package io.veritrace.runtime.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.local.ChatTemplate;
import io.veritrace.reasoners.local.LocalModel;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.reasoners.local.Sampling;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code veritrace ask --backend local --model DIR "question"}: one query through the
 * verification loop, printing its outcome, answer, steps and why it was not verified. The
 * {@code local} backend runs a Hugging Face Llama-family folder in this process.
 */
@CommandLine.Command(name = "ask", sortOptions = false,
    description = "Ask one question through the verification loop; prints the outcome, answer, steps and every failure found.")
public final class AskCommand extends Command {

  @CommandLine.Parameters(paramLabel = "QUESTION", arity = "1..*", description = "the question (several words are joined)")
  private List<String> words;

  @CommandLine.Option(names = "--backend", paramLabel = "openai|local", defaultValue = "openai",
      description = "a model server speaking OpenAI's protocol, or a Hugging Face folder run here (default: ${DEFAULT-VALUE})")
  private String backend;

  @CommandLine.Option(names = "--model", paramLabel = "NAME|DIR", description = "openai: the model name; local: the model folder")
  private String model;

  @CommandLine.Option(names = "--base-url", paramLabel = "URL", description = "openai: the model server (default: VERITRACE_OPENAI_BASE_URL)")
  private String baseUrl;

  @CommandLine.Option(names = "--api-key-env", paramLabel = "VAR", description = "openai: the variable holding the server's key (default: OPENAI_API_KEY)")
  private String apiKeyEnv;

  @CommandLine.Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "0",
      description = "the query's deadline, 1 to 86400 (default: veritrace.loop.deadline)")
  private int deadline;

  @CommandLine.Mixin
  private GroundingOptions grounding;

  @CommandLine.Option(names = "--device", paramLabel = "cpu|gpu", defaultValue = "cpu", description = "local: where the model runs (default: ${DEFAULT-VALUE})")
  private String device;

  @CommandLine.Option(names = "--dtype", paramLabel = "float32|bfloat16|float16",
      description = "local: the weights' type (default: float32 on the CPU, bfloat16 on a GPU)")
  private String dtype;

  @CommandLine.Option(names = "--template", paramLabel = "chatml|llama3", description = "local: the chat template (default: from the model's files)")
  private String template;

  @CommandLine.Option(names = "--adapters", paramLabel = "DIR",
      description = "local: the adapter registry whose serving version the model runs with (see ./veritrace adapters)")
  private String adapters;

  @CommandLine.Option(names = "--max-new-tokens", paramLabel = "N", defaultValue = "256", description = "local: tokens per answer (default: ${DEFAULT-VALUE})")
  private int maxNewTokens;

  @CommandLine.Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "local: sampling temperature, 0 for greedy (default: ${DEFAULT-VALUE})")
  private double temperature;

  @CommandLine.Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "local: nucleus sampling share (default: ${DEFAULT-VALUE})")
  private double topP;

  @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "local: sampling seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    String question = String.join(" ", words).strip();
    if (question.isEmpty()) throw new UsageException("usage: veritrace ask --backend local --model DIR \"question\"");
    return switch (backend) {
      case "local" -> askLocal(question, out, err);
      case "openai" -> askOpenAi(question, out);
      default -> throw new UsageException("unknown backend '" + backend + "' (local, openai)");
    };
  }

  private int askLocal(String question, PrintStream out, PrintStream err) throws Exception {
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
    Settings settings = withDeadline(Settings.load(), deadline);
    err.printf("loading %s on %s (%s)...%n", dir, device.getDeviceType(), dtype.name().toLowerCase(Locale.ROOT));
    ServingAdapter adapter = ServingAdapter.of(adapters);
    try (LocalReasoner reasoner = new LocalReasoner(LocalModel.load(dir, device, dtype, template, adapter.projections()), sampling);
        Veritrace node = Nodes.start(settings, reasoner, null)) {
      adapter.putInto(reasoner);
      QueryResult r = node.askOnce(query(question)).toCompletableFuture().join();
      print(out, r);
      if (adapters != null) out.println("adapter: " + (reasoner.adapter().isEmpty() ? "none" : reasoner.adapter()));
    }
    return 0;
  }

  private int askOpenAi(String question, PrintStream out) throws Exception {
    Settings settings = withDeadline(Settings.load(), deadline);
    OpenAiBackend backend;
    try {
      backend = OpenAiBackend.open(settings, baseUrl, model, apiKeyEnv);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    try (backend; Veritrace node = Nodes.start(settings, backend.reasoner(), null, backend.suites())) {
      QueryResult r = node.askOnce(query(question)).toCompletableFuture().join();
      print(out, r);
    }
    return 0;
  }

  /** The question, answered from {@code --sources FILE} when given, counting dates from {@code --reference-date}. */
  private Query query(String question) {
    return new Query("ask", "ask", question, List.of(), List.of(), grounding.sources(), grounding.referenceDate());
  }

  /** A model on a CPU may need more than the default deadline for several rounds: {@code --deadline SECONDS}. */
  private static Settings withDeadline(Settings s, int seconds) {
    if (seconds == 0) return s;
    if (seconds < 0 || seconds > 86_400) throw new UsageException("--deadline must be between 1 and 86400 seconds");
    LoopPolicy p = s.policy();
    return new Settings(new LoopPolicy(p.maxRounds(), Duration.ofSeconds(seconds), p.checkTimeout(), p.allowUnverified(), p.justifyWarnings()),
        s.poolSize(), s.config());
  }

  private static void print(PrintStream out, QueryResult r) {
    out.println("outcome: " + r.outcome());
    out.println("answer: " + r.text());
    out.println("rounds: " + r.rounds());
    if (!r.steps().isEmpty()) out.println("steps:");
    for (Step s : r.steps()) out.println("  " + (s.index() + 1) + ". " + s.text());
    if (!r.failures().isEmpty()) out.println("not verified because:");
    for (Verdict v : r.failures()) out.println("  " + v.rule() + ": " + v.message());
    // what an earlier round got wrong and a later one fixed: an answer's corrected slips are part of its story
    if (r.trace() == null) return;
    for (Trace.Fix fix : r.trace().fixes()) {
      out.println("  corrected (round " + fix.round() + ", fixed in round " + fix.fixedIn() + ") " + fix.failure().rule() + ": "
          + fix.failure().message());
    }
  }

  private static ChatTemplate template(String name) {
    try {
      return ChatTemplate.valueOf(name.toUpperCase(Locale.ROOT).replace("-", ""));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--template must be chatml or llama3");
    }
  }
}

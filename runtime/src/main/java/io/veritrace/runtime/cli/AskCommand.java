package io.veritrace.runtime.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
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

/**
 * {@code veritrace ask --backend local --model DIR "question"}: one query through the
 * verification loop, printing its outcome, answer, steps and why it was not verified. The
 * {@code local} backend runs a Hugging Face Llama-family folder in this process.
 */
public final class AskCommand implements Command {

  private static final List<String> OPTIONS = List.of(
      "backend", "model", "device", "dtype", "template", "max-new-tokens", "temperature", "top-p", "seed", "deadline",
      "base-url", "api-key-env", "sources", "reference-date");

  @Override
  public String name() {
    return "ask";
  }

  @Override
  public String summary() {
    return "ask one question through the loop: ask [--backend openai|local] [--model NAME|DIR] [--base-url URL] [--deadline S] [--sources FILE] [--reference-date YYYY-MM-DD] \"question\"";
  }

  @Override
  public int run(List<String> argv, InputStream in, PrintStream out, PrintStream err) throws Exception {
    Args args = Args.parse(argv, List.of()).allow(OPTIONS);
    String question = String.join(" ", args.positionals()).strip();
    if (question.isEmpty()) throw new Args.UsageException("usage: veritrace ask --backend local --model DIR \"question\"");
    String backend = args.get("backend", "openai");
    return switch (backend) {
      case "local" -> askLocal(args, question, out, err);
      case "openai" -> askOpenAi(args, question, out);
      default -> throw new Args.UsageException("unknown backend '" + backend + "' (local, openai)");
    };
  }

  private static int askLocal(Args args, String question, PrintStream out, PrintStream err) throws Exception {
    String model = args.get("model", null);
    if (model == null) throw new Args.UsageException("--backend local needs --model DIR (a Hugging Face model folder)");
    Path dir = Path.of(model);
    if (!Files.isDirectory(dir)) throw new Args.UsageException("--model " + model + " is not a folder");
    Device device = switch (args.get("device", "cpu")) {
      case "cpu" -> Device.cpu();
      case "gpu" -> Device.gpu();
      default -> throw new Args.UsageException("--device must be cpu or gpu");
    };
    DataType dtype = switch (args.get("dtype", device.isGpu() ? "bfloat16" : "float32")) {
      case "float32" -> DataType.FLOAT32;
      case "bfloat16" -> DataType.BFLOAT16;
      case "float16" -> DataType.FLOAT16;
      default -> throw new Args.UsageException("--dtype must be float32, bfloat16 or float16");
    };
    ChatTemplate template = args.get("template", null) == null ? null : template(args.get("template", null));
    Sampling sampling;
    try {
      sampling = new Sampling(doubleValue(args, "temperature", 0), doubleValue(args, "top-p", 1),
          args.longValue("seed", 1), args.intValue("max-new-tokens", 256));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    Settings settings = withDeadline(Settings.load(), args.intValue("deadline", 0));
    err.printf("loading %s on %s (%s)...%n", dir, device.getDeviceType(), dtype.name().toLowerCase(Locale.ROOT));
    try (LocalReasoner reasoner = new LocalReasoner(LocalModel.load(dir, device, dtype, template), sampling);
        Veritrace node = Nodes.start(settings, reasoner, null)) {
      QueryResult r = node.askOnce(query(args, question)).toCompletableFuture().join();
      print(out, r);
    }
    return 0;
  }

  private static int askOpenAi(Args args, String question, PrintStream out) throws Exception {
    Settings settings = withDeadline(Settings.load(), args.intValue("deadline", 0));
    OpenAiBackend backend;
    try {
      backend = OpenAiBackend.open(settings, args.get("base-url", null), args.get("model", null), args.get("api-key-env", null));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    try (backend; Veritrace node = Nodes.start(settings, backend.reasoner(), null, backend.suites())) {
      QueryResult r = node.askOnce(query(args, question)).toCompletableFuture().join();
      print(out, r);
    }
    return 0;
  }

  /** The question, answered from {@code --sources FILE} when given, counting dates from {@code --reference-date}. */
  private static Query query(Args args, String question) {
    return new Query("ask", "ask", question, List.of(), List.of(), GroundingOptions.sources(args), GroundingOptions.referenceDate(args));
  }

  /** A model on a CPU may need more than the default deadline for several rounds: {@code --deadline SECONDS}. */
  private static Settings withDeadline(Settings s, int seconds) {
    if (seconds == 0) return s;
    if (seconds < 0 || seconds > 86_400) throw new Args.UsageException("--deadline must be between 1 and 86400 seconds");
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
  }

  private static ChatTemplate template(String name) {
    try {
      return ChatTemplate.valueOf(name.toUpperCase(Locale.ROOT).replace("-", ""));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--template must be chatml or llama3");
    }
  }

  private static double doubleValue(Args args, String name, double fallback) {
    String v = args.get(name, null);
    if (v == null) return fallback;
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new Args.UsageException("--" + name + " must be a number, got '" + v + "'");
    }
  }
}

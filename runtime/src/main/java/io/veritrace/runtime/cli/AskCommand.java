package io.veritrace.runtime.cli;

import io.veritrace.actors.QueryResult;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import io.veritrace.reasoners.local.LocalReasoner;
import io.veritrace.runtime.Nodes;
import io.veritrace.runtime.OpenAiBackend;
import io.veritrace.runtime.Settings;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
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

  @CommandLine.Mixin
  private LocalModelOptions local;

  @CommandLine.Option(names = "--adapters", paramLabel = "DIR",
      description = "local: the adapter registry whose serving version the model runs with (see ./veritrace adapters)")
  private String adapters;

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
    Settings settings = withDeadline(Settings.load(), deadline);
    try (LocalReasoner reasoner = local.open(model, seed, ServingAdapter.of(adapters), err);
        Veritrace node = Nodes.start(settings, reasoner, null)) {
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

}

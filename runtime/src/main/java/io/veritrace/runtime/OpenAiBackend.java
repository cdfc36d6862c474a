package io.veritrace.runtime;

import com.typesafe.config.Config;
import io.veritrace.core.Verifier;
import io.veritrace.reasoners.openai.ChatClient;
import io.veritrace.reasoners.openai.CrossDerivation;
import io.veritrace.reasoners.openai.OpenAiReasoner;
import io.veritrace.verifiers.CheckSuite;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@code openai} backend from {@code veritrace.openai}: the reasoner, and the checks with
 * cross-derivation added when it is on.
 */
public record OpenAiBackend(OpenAiReasoner reasoner, Supplier<CheckSuite> suites) implements AutoCloseable {

  /** {@code baseUrl} and {@code model} override the configuration when not null. */
  public static OpenAiBackend open(Settings settings, String baseUrl, String model, String apiKeyEnv) {
    Config o = settings.config().getConfig("veritrace.openai");
    String keyEnv = apiKeyEnv != null ? apiKeyEnv : o.getString("api-key-env");
    String key = System.getenv(keyEnv);
    String chosen = model != null ? model : o.getString("model");
    if (chosen.isBlank()) {
      throw new IllegalArgumentException("the openai backend needs a model name (--model, or VERITRACE_OPENAI_MODEL)");
    }
    ChatClient client = new ChatClient(new ChatClient.Settings(URI.create(baseUrl != null ? baseUrl : o.getString("base-url")),
        chosen, key, o.getDuration("timeout"), o.getInt("max-concurrency"), o.getInt("max-retries"),
        o.getDouble("temperature"), o.getInt("max-tokens")));
    OpenAiReasoner reasoner = new OpenAiReasoner(client, settings.policy().deadline(), o.getBoolean("structured"));
    Supplier<CheckSuite> suites = CheckSuite::standard;
    if (o.getBoolean("cross-derivation")) {
      CrossDerivation cross = new CrossDerivation(client, settings.policy().checkTimeout());
      suites = () -> {
        CheckSuite standard = CheckSuite.standard();
        List<Verifier> verifiers = new ArrayList<>(standard.verifiers());
        verifiers.add(cross);
        return new CheckSuite(standard.stepChecks(), verifiers);
      };
    }
    return new OpenAiBackend(reasoner, suites);
  }

  @Override
  public void close() {
    reasoner.close();
  }
}

package io.veritrace.reasoners.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.ModelParameters;
import io.veritrace.core.Proposal;
import io.veritrace.core.TokenUsage;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Role;
import io.veritrace.core.Turn;
import io.veritrace.reasoners.StepPrompt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code openai} backend: any server that speaks OpenAI's chat-completions protocol. The
 * model is asked for the step format the checkers read ({@link StepPrompt}); with {@code
 * structured} it is asked for JSON steps through {@code response_format}, and a server that
 * rejects that option is asked again in text, once, and from then on.
 */
public final class OpenAiReasoner implements Reasoner, AutoCloseable {

  /** The JSON steps the step parser reads: {"steps":[{"text","claims"}],"answer"}. */
  static final JsonNode STEPS_SCHEMA = schema();

  private static final String JSON_INSTRUCTION =
      "\nReply with JSON: {\"steps\": [{\"text\": \"...\"}], \"answer\": \"...\"}, one entry per step, each calculation "
          + "in its text with a calculator annotation.";

  private final ChatClient client;
  private final Duration deadline;
  private volatile boolean structured;

  /**
   * @param deadline the loop's deadline: no call outlives the query it serves
   * @param structured whether to ask for JSON steps through {@code response_format}
   */
  public OpenAiReasoner(ChatClient client, Duration deadline, boolean structured) {
    this.client = client;
    this.deadline = deadline;
    this.structured = structured;
  }

  @Override
  public String name() {
    return "openai:" + client.settings().model();
  }

  @Override
  public CompletionStage<Proposal> propose(ReasonerRequest request) {
    List<Turn> turns = StepPrompt.conversation(request);
    ModelParameters parameters = request.query().parameters();
    if (!structured) return client.completion(turns, null, parameters, deadline).thenApply(this::read);
    List<Turn> json = new ArrayList<>(turns);
    json.set(0, new Turn(Role.SYSTEM, turns.get(0).text() + JSON_INSTRUCTION));
    return client.completion(json, STEPS_SCHEMA, parameters, deadline)
        .thenApply(this::read)
        .exceptionallyCompose(e -> {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          if (cause instanceof ChatClient.UpstreamException u && u.getMessage().contains("answered 400")) {
            structured = false; // the server does not take response_format: text from now on
            return client.completion(turns, null, parameters, deadline).thenApply(this::read);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private Proposal read(ChatClient.Completion reply) {
    return StepPrompt.read(reply.content(), name()).withUsage(new TokenUsage(reply.promptTokens(), reply.completionTokens()));
  }

  private static JsonNode schema() {
    try {
      return new ObjectMapper().readTree("""
          {"type":"object","additionalProperties":false,"required":["steps","answer"],
           "properties":{
             "steps":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["text"],
                      "properties":{"text":{"type":"string"}}}},
             "answer":{"type":"string"}}}""");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

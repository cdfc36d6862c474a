package io.veritrace.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.actors.WellFormedText;
import io.veritrace.core.ModelParameters;
import io.veritrace.core.Query;
import io.veritrace.core.Role;
import io.veritrace.core.Source;
import io.veritrace.core.Turn;
import io.veritrace.verifiers.grounding.SourceFormatException;
import io.veritrace.verifiers.grounding.SourcesFile;
import io.veritrace.verifiers.grounding.SourcesMessage;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A standard chat-completions request, validated as OpenAI validates it: the last message is the
 * question, earlier ones the conversation (system and developer messages reach the model as the
 * application's instructions). Every standard parameter is applied or refused with a 400 naming it
 * ({@link #refuseUnsupported}); fields OpenAI does not define are ignored, as OpenAI does. Only the
 * {@code X-Veritrace-Session} header names a session; {@code user} does not. Veritrace's extensions:
 * {@code "veritrace": {"sources": [{"id","title","text"}], "reference_date": "YYYY-MM-DD"}}, or,
 * for clients that cannot add fields, a system message in the {@link SourcesMessage} format.
 */
record ChatRequest(String model, boolean stream, boolean includeUsage, int n, AnswerFormat format, Query query, String referenceDate,
    boolean conversation) {

  /** Loops one request may ask for ({@code n}); more would let one client take the whole server. */
  static final int MAX_CHOICES = 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  static ChatRequest parse(byte[] body, String id, String sessionHeader, String dateHeader, ApiSettings settings) {
    JsonNode j;
    try {
      j = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiError.invalid(null, "We could not parse the JSON body of your request: " + e.getOriginalMessage()).raise();
    } catch (IOException e) {
      throw ApiError.invalid(null, "We could not read the body of your request: " + e.getMessage()).raise();
    }
    if (j == null || !j.isObject()) throw ApiError.invalid(null, "The request body must be a JSON object.").raise();
    JsonNode messages = j.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ApiError.invalid("messages", "'messages' must be a non-empty array of {role, content}.").raise();
    }
    if (messages.size() > settings.maxMessages()) {
      throw ApiError.invalid("messages", "Too many messages: " + messages.size() + "; this server accepts at most "
          + settings.maxMessages() + ".").raise();
    }
    if (j.has("stream") && !j.get("stream").isBoolean()) throw ApiError.invalid("stream", "'stream' must be true or false.").raise();
    String model = j.path("model").isTextual() ? j.get("model").asText() : null;
    if (model == null || model.isBlank()) throw ApiError.invalid("model", "'model' is required: this server serves '" + settings.modelName() + "'.").raise();
    if (!model.equals(settings.modelName())) throw ApiError.modelNotFound(model, settings.modelName()).raise();
    refuseUnsupported(j);
    ModelParameters parameters = parameters(j);
    boolean stream = j.path("stream").asBoolean(false);
    boolean includeUsage = false;
    if (j.hasNonNull("stream_options")) {
      if (!stream) throw ApiError.invalid("stream_options", "'stream_options' is only allowed when 'stream' is true.").raise();
      JsonNode usage = j.get("stream_options").path("include_usage");
      if (!usage.isMissingNode() && !usage.isBoolean()) {
        throw ApiError.invalid("stream_options.include_usage", "'stream_options.include_usage' must be true or false.").raise();
      }
      includeUsage = usage.asBoolean(false);
    }
    int n = j.hasNonNull("n") ? integer(j, "n", 1, MAX_CHOICES) : 1;
    AnswerFormat format = AnswerFormat.of(j.get("response_format"));
    List<Turn> turns = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject()) throw ApiError.invalid("messages[" + i + "]", "Each message must be an object with 'role' and 'content'.").raise();
      String role = m.path("role").asText("");
      if ((role.equals("user") || role.equals("system") || role.equals("developer")) && (m.get("content") == null || m.get("content").isNull())) {
        throw ApiError.invalid("messages[" + i + "].content", "A " + role + " message needs 'content': a string or an array of text parts.").raise();
      }
      String content = content(m.get("content"), i);
      switch (role) {
        case "system", "developer" -> {
          if (SourcesMessage.isSourcesMessage(content)) {
            try {
              sources.addAll(SourcesMessage.parse(content));
            } catch (SourceFormatException e) {
              throw ApiError.invalid("messages[" + i + "].content", "The sources message cannot be read: " + e.getMessage()).raise();
            }
          } else {
            turns.add(new Turn(Role.SYSTEM, content));
          }
        }
        case "user" -> turns.add(Turn.user(content));
        case "assistant" -> turns.add(Turn.assistant(content));
        case "tool", "function" -> throw ApiError.invalid("messages[" + i + "].role",
            "'" + role + "' messages answer tool calls, and this server takes no tools (see 'tools').").raise();
        default -> throw ApiError.invalid("messages[" + i + "].role",
            "Unknown role '" + role + "'; expected system, developer, user or assistant.").raise();
      }
    }
    if (turns.isEmpty() || turns.get(turns.size() - 1).role() != Role.USER) {
      throw ApiError.invalid("messages", "The last message must be the user's question.").raise();
    }
    JsonNode ext = j.path("veritrace");
    if (ext.has("sources")) {
      try {
        sources.addAll(SourcesFile.fromJson(ext.get("sources"), "veritrace.sources"));
      } catch (SourceFormatException e) {
        throw ApiError.invalid("veritrace.sources", "The sources cannot be read: " + e.getMessage()).raise();
      }
    }
    String date = dateHeader != null ? dateHeader : ext.path("reference_date").asText(null);
    if (date == null) {
      date = LocalDate.now(java.time.ZoneOffset.UTC).toString();
    } else {
      try {
        LocalDate.parse(date.strip());
      } catch (DateTimeException e) {
        throw ApiError.invalid("veritrace.reference_date", "The reference date must be YYYY-MM-DD, not '" + date + "'.").raise();
      }
    }
    // only the header names a session: 'user' identifies an end user, who may hold many conversations;
    // a request that names none is a one-off, whose session ends with its answer
    boolean conversation = sessionHeader != null && !sessionHeader.isBlank();
    if (conversation && n > 1) {
      throw ApiError.invalid("n", "'n' > 1 asks for several answers to one turn, but a session remembers one answer a turn; "
          + "send n > 1 without X-Veritrace-Session.").raise();
    }
    String session = conversation ? sessionHeader : id;
    Turn question = turns.remove(turns.size() - 1);
    Query query = new Query(id, session, question.text(), turns, List.of(), sources, date.strip(), parameters);
    return new ChatRequest(model, stream, includeUsage, n, format, query, date.strip(), conversation);
  }

  /**
   * Standard parameters this server cannot honour, refused by name rather than silently dropped:
   * tools (a tool call is the model acting, not an answer a checker can verify, and passing it
   * through would hand the client unverified output), log probabilities (the reply is Veritrace's
   * checked text, not a sample of the model), penalties and logit bias (not forwarded: they would
   * bend the step format the checkers read), audio. A value that asks for nothing (an empty list,
   * 0, false, "none") is accepted.
   */
  static void refuseUnsupported(JsonNode j) {
    for (String p : List.of("tools", "functions")) {
      if (j.hasNonNull(p) && !(j.get(p).isArray() && j.get(p).isEmpty())) {
        throw ApiError.invalid(p, "'" + p + "' is not supported: Veritrace returns answers it has verified, and a tool call is not one. "
            + "Call tools in your application and ask Veritrace the question.").raise();
      }
    }
    for (String p : List.of("tool_choice", "function_call")) {
      if (j.hasNonNull(p) && !j.get(p).asText("").equals("none")) {
        throw ApiError.invalid(p, "'" + p + "' is not supported: this server takes no tools; only \"none\" is accepted.").raise();
      }
    }
    if (j.path("logprobs").asBoolean(false) || j.hasNonNull("top_logprobs")) {
      throw ApiError.invalid(j.hasNonNull("top_logprobs") ? "top_logprobs" : "logprobs",
          "Log probabilities are not supported: the reply is checked text assembled by Veritrace, not one sample of the model.").raise();
    }
    for (String p : List.of("frequency_penalty", "presence_penalty")) {
      if (j.hasNonNull(p)) {
        double v = number(j, p, -2, 2);
        if (v != 0) throw ApiError.invalid(p, "'" + p + "' is not supported (only 0): it would bend the step format the checks read.").raise();
      }
    }
    if (j.hasNonNull("logit_bias") && !(j.get("logit_bias").isObject() && j.get("logit_bias").isEmpty())) {
      throw ApiError.invalid("logit_bias", "'logit_bias' is not supported: token ids differ between the models behind this server.").raise();
    }
    if (j.hasNonNull("audio") || (j.hasNonNull("modalities") && !j.get("modalities").toString().equals("[\"text\"]"))) {
      throw ApiError.invalid(j.hasNonNull("audio") ? "audio" : "modalities", "Only text output is supported.").raise();
    }
  }

  /** temperature, top_p, max_tokens / max_completion_tokens, stop and seed, in OpenAI's ranges; forwarded to every model call. */
  private static ModelParameters parameters(JsonNode j) {
    Double temperature = j.hasNonNull("temperature") ? number(j, "temperature", 0, 2) : null;
    Double topP = j.hasNonNull("top_p") ? number(j, "top_p", 0, 1) : null;
    Integer maxTokens = j.hasNonNull("max_tokens") ? integer(j, "max_tokens", 1, Integer.MAX_VALUE) : null;
    if (j.hasNonNull("max_completion_tokens")) {
      int m = integer(j, "max_completion_tokens", 1, Integer.MAX_VALUE);
      if (maxTokens != null && maxTokens != m) {
        throw ApiError.invalid("max_tokens", "'max_tokens' and 'max_completion_tokens' disagree; send only 'max_completion_tokens'.").raise();
      }
      maxTokens = m;
    }
    List<String> stop = new ArrayList<>();
    JsonNode s = j.get("stop");
    if (s != null && !s.isNull()) {
      if (s.isTextual()) {
        stop.add(s.asText());
      } else if (s.isArray() && s.size() <= 4) {
        for (JsonNode x : s) {
          if (!x.isTextual()) throw ApiError.invalid("stop", "'stop' must be a string or an array of up to 4 strings.").raise();
          stop.add(x.asText());
        }
      } else {
        throw ApiError.invalid("stop", "'stop' must be a string or an array of up to 4 strings.").raise();
      }
    }
    Long seed = null;
    if (j.hasNonNull("seed")) {
      if (!j.get("seed").canConvertToLong() || !j.get("seed").isIntegralNumber()) throw ApiError.invalid("seed", "'seed' must be an integer.").raise();
      seed = j.get("seed").asLong();
    }
    return new ModelParameters(temperature, topP, maxTokens, stop, seed);
  }

  private static double number(JsonNode j, String name, double min, double max) {
    JsonNode v = j.get(name);
    if (!v.isNumber()) throw ApiError.invalid(name, "'" + name + "' must be a number.").raise();
    double d = v.asDouble();
    if (d < min || d > max) {
      throw ApiError.invalid(name, d + " is " + (d < min ? "less than the minimum of " + fmt(min) : "greater than the maximum of " + fmt(max))
          + " - '" + name + "'").raise();
    }
    return d;
  }

  private static int integer(JsonNode j, String name, int min, int max) {
    JsonNode v = j.get(name);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiError.invalid(name, "'" + name + "' must be an integer.").raise();
    int i = v.asInt();
    if (i < min || i > max) {
      throw ApiError.invalid(name, i + " is " + (i < min ? "less than the minimum of " + min : "greater than the maximum of " + max)
          + " - '" + name + "'").raise();
    }
    return i;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  /** A message's text: a string, or the text parts of an array of parts. */
  private static String content(JsonNode c, int i) {
    if (c == null || c.isNull()) return "";
    if (c.isTextual()) return WellFormedText.of(c.asText()); // a lone surrogate would fail the reply's JSON
    if (c.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : c) {
        if (part.path("type").asText("").toLowerCase(Locale.ROOT).equals("text")) sb.append(part.path("text").asText(""));
      }
      return WellFormedText.of(sb.toString());
    }
    throw ApiError.invalid("messages[" + i + "].content", "A message's content must be a string or an array of parts.").raise();
  }
}

package io.veritrace.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.actors.WellFormedText;
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
 * A standard chat-completions request, read leniently as OpenAI does (unknown fields ignored):
 * the last message is the question, earlier ones the conversation. Veritrace's extensions:
 * {@code "veritrace": {"sources": [{"id","title","text"}], "reference_date": "YYYY-MM-DD"}}, or,
 * for clients that cannot add fields, a system message in the {@link SourcesMessage} format.
 */
record ChatRequest(String model, boolean stream, String user, Query query, String referenceDate, boolean conversation) {

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
    List<Turn> turns = new ArrayList<>();
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
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
        case "tool", "function" -> { } // tool results are not part of what Veritrace checks
        default -> throw ApiError.invalid("messages[" + i + "].role", "Unknown role '" + role + "'; expected system, user or assistant.").raise();
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
    String user = j.path("user").isTextual() ? j.get("user").asText() : null;
    String named = sessionHeader != null && !sessionHeader.isBlank() ? sessionHeader : user != null && !user.isBlank() ? user : null;
    // a request that names no session (header or user) is a one-off: its session ends with its answer
    boolean conversation = named != null;
    String session = conversation ? named : id;
    Turn question = turns.remove(turns.size() - 1);
    Query query = new Query(id, session, question.text(), turns, List.of(), sources, date.strip());
    String model = j.path("model").asText(settings.modelName());
    return new ChatRequest(model.isBlank() ? settings.modelName() : model, j.path("stream").asBoolean(false), user, query, date.strip(),
        conversation);
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

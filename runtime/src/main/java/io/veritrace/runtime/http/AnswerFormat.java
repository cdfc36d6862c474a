package io.veritrace.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.actors.QueryResult;
import io.veritrace.core.Certificate;
import io.veritrace.core.Step;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code response_format}: plain text, {@code json_object} ({@code {"answer", "outcome", "steps"}}),
 * or {@code json_schema}, whose object properties are filled from the verified result by name —
 * the answer ({@code answer}, {@code result}, {@code value}, {@code final_answer}, or the schema's
 * only scalar property), {@code outcome}, {@code steps}, {@code explanation}, {@code certificate},
 * {@code rounds} — and validated against the schema before it is sent. A schema with a required
 * property none of these fill is refused with a 400 when the request arrives, not after the loop.
 */
final class AnswerFormat {

  enum Kind { TEXT, JSON_OBJECT, JSON_SCHEMA }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ANSWER = Set.of("answer", "result", "value", "final_answer", "solution");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  static final AnswerFormat TEXT = new AnswerFormat(Kind.TEXT, null, null);

  final Kind kind;
  private final JsonNode schema;
  private final String answerProperty;

  private AnswerFormat(Kind kind, JsonNode schema, String answerProperty) {
    this.kind = kind;
    this.schema = schema;
    this.answerProperty = answerProperty;
  }

  static AnswerFormat of(JsonNode f) {
    if (f == null || f.isNull()) return TEXT;
    String type = f.path("type").asText("");
    switch (type) {
      case "text":
        return TEXT;
      case "json_object":
        return new AnswerFormat(Kind.JSON_OBJECT, null, "answer");
      case "json_schema":
        JsonNode schema = f.path("json_schema").path("schema");
        if (!schema.isObject()) {
          throw ApiError.invalid("response_format.json_schema.schema", "'response_format.json_schema.schema' must be a JSON schema object.").raise();
        }
        return new AnswerFormat(Kind.JSON_SCHEMA, schema, fillable(schema));
      default:
        throw ApiError.invalid("response_format.type", "'response_format.type' must be text, json_object or json_schema.").raise();
    }
  }

  /** Which property takes the answer; refuses a schema this server cannot fill. */
  private static String fillable(JsonNode schema) {
    if (!schema.path("type").asText("").equals("object") || !schema.path("properties").isObject()) {
      throw unsupported("the schema must describe an object with 'properties'");
    }
    JsonNode properties = schema.get("properties");
    String answer = null;
    int scalars = 0;
    String onlyScalar = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      String t = p.getValue().path("type").asText("");
      if (ANSWER.contains(p.getKey().toLowerCase())) answer = p.getKey();
      if (Set.of("string", "number", "integer").contains(t)) {
        scalars++;
        onlyScalar = p.getKey();
      }
    }
    if (answer == null && scalars == 1) answer = onlyScalar;
    for (JsonNode r : schema.path("required")) {
      String name = r.asText();
      if (!name.equals(answer) && fill(name, properties.path(name), null) == null) {
        throw unsupported("its required property '" + name + "' is none this server fills (answer, result, value, final_answer, "
            + "outcome, steps, explanation, certificate, rounds)");
      }
    }
    if (answer == null) throw unsupported("no property takes the answer (name one answer, result or value)");
    return answer;
  }

  private static ApiError.Raised unsupported(String why) {
    return ApiError.invalid("response_format.json_schema", "This JSON schema cannot be filled from a verified answer: " + why + ".").raise();
  }

  /**
   * The verified answer in the requested shape, or null when the result does not fit it (the
   * caller then answers with a refusal that says so).
   */
  String render(QueryResult r) {
    if (kind == Kind.TEXT) return r.text();
    ObjectNode out = JSON.createObjectNode();
    if (kind == Kind.JSON_OBJECT) {
      out.set("answer", scalar(r.text(), "number"));
      out.put("outcome", r.outcome().name());
      ArrayNode steps = out.putArray("steps");
      for (Step s : r.steps()) steps.add(s.text());
      return out.toString();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      JsonNode value = p.getKey().equals(answerProperty) ? scalar(r.text(), p.getValue().path("type").asText("string"))
          : fill(p.getKey(), p.getValue(), r);
      if (value != null) out.set(p.getKey(), value);
    }
    return conforms(out, schema) ? out.toString() : null;
  }

  /** The value of a known property for {@code r}; for a null result, a placeholder saying whether it can be filled. */
  private static JsonNode fill(String name, JsonNode spec, QueryResult r) {
    String type = spec.path("type").asText("");
    switch (name.toLowerCase()) {
      case "outcome", "status", "verdict":
        return type.equals("string") ? JSON.getNodeFactory().textNode(r == null ? "" : r.outcome().name()) : null;
      case "rounds":
        return type.equals("integer") || type.equals("number") ? JSON.getNodeFactory().numberNode(r == null ? 0 : r.rounds()) : null;
      case "steps", "reasoning_steps":
        if (!type.equals("array")) return null;
        ArrayNode steps = JSON.createArrayNode();
        if (r != null) for (Step s : r.steps()) steps.add(s.text());
        return steps;
      case "explanation", "reasoning", "rationale":
        if (!type.equals("string")) return null;
        return JSON.getNodeFactory().textNode(r == null ? "" : String.join("\n", r.steps().stream().map(Step::text).toList()));
      case "certificate", "checks":
        if (!type.equals("array")) return null;
        ArrayNode checks = JSON.createArrayNode();
        if (r != null) for (Certificate.Entry e : r.certificate().entries()) checks.add(e.statement());
        return checks;
      default:
        return null;
    }
  }

  private static JsonNode scalar(String text, String type) {
    String t = text.strip().replace(",", "").replaceFirst("^\\$", "");
    if ((type.equals("number") || type.equals("integer")) && NUMBER.matcher(t).matches()) {
      BigDecimal d = new BigDecimal(t);
      return type.equals("integer") && d.stripTrailingZeros().scale() > 0 ? JSON.getNodeFactory().textNode(text)
          : JSON.getNodeFactory().numberNode(d);
    }
    return JSON.getNodeFactory().textNode(text);
  }

  /** The subset of JSON Schema structured outputs use: type, enum, properties, required, items, additionalProperties. */
  static boolean conforms(JsonNode value, JsonNode schema) {
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode e : schema.get("enum")) found |= e.equals(value);
      if (!found) return false;
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "object": {
        if (!value.isObject()) return false;
        for (JsonNode r : schema.path("required")) if (!value.has(r.asText())) return false;
        JsonNode props = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          if (props.has(f.getKey())) {
            if (!conforms(f.getValue(), props.get(f.getKey()))) return false;
          } else if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").asBoolean()) {
            return false;
          }
        }
        return true;
      }
      case "array": {
        if (!value.isArray()) return false;
        if (schema.has("items")) for (JsonNode x : value) if (!conforms(x, schema.get("items"))) return false;
        return true;
      }
      case "string":
        return value.isTextual();
      case "number":
        return value.isNumber();
      case "integer":
        return value.isIntegralNumber() || (value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "boolean":
        return value.isBoolean();
      default:
        return true;
    }
  }
}

package io.veritrace.verifiers.grounding;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sources as JSON, for the CLI ({@code --sources FILE}) and for the chat request's {@code
 * veritrace.sources} field: a JSON array of {@code {"id","title","text"}} objects, an object
 * {@code {"sources": [...]}}, or JSON Lines with one source object per line. Ids may be strings
 * or integers; {@code title} is optional; other fields are ignored. See {@code docs/sources.md}.
 */
public final class SourcesFile {

  /** Larger files are refused before they are read. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SourcesFile() {}

  public static List<Source> read(Path path) throws IOException {
    long size = Files.size(path);
    if (size > MAX_BYTES) {
      throw new SourceFormatException(path + ": " + size + " bytes is more than the " + MAX_BYTES + " a sources file may have");
    }
    return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
  }

  /** @param where names the input in error messages (a file name, "request") */
  public static List<Source> parse(String content, String where) {
    String trimmed = content.strip();
    if (trimmed.isEmpty()) return List.of();
    List<Source> sources = new ArrayList<>();
    try {
      if (trimmed.startsWith("[")) {
        return fromJson(JSON.readTree(trimmed), where);
      }
      try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(trimmed)) {
        int line = 0;
        while (values.hasNextValue()) {
          line++;
          JsonNode node = values.nextValue();
          if (line == 1 && node.has("sources") && !values.hasNextValue()) {
            return fromJson(node.get("sources"), where);
          }
          sources.add(source(node, where + " value " + line));
        }
      }
    } catch (JacksonException e) {
      throw new SourceFormatException(where + ": not JSON or JSON Lines: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SourceFormatException(where + ": " + e.getMessage(), e);
    }
    SourceIds.check(sources, where);
    return List.copyOf(sources);
  }

  /** Sources from a parsed JSON array (the chat request's {@code veritrace.sources}). */
  public static List<Source> fromJson(JsonNode array, String where) {
    if (array == null || !array.isArray()) throw new SourceFormatException(where + ": sources must be a JSON array");
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) sources.add(source(array.get(i), where + " [" + i + "]"));
    SourceIds.check(sources, where);
    return List.copyOf(sources);
  }

  private static Source source(JsonNode node, String where) {
    if (!node.isObject()) throw new SourceFormatException(where + ": a source must be an object with id and text");
    JsonNode id = node.get("id");
    JsonNode text = node.get("text");
    JsonNode title = node.get("title");
    if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
      throw new SourceFormatException(where + ": missing id (a string or an integer)");
    }
    if (text == null || !text.isTextual()) throw new SourceFormatException(where + ": missing text (a string)");
    if (title != null && !title.isNull() && !title.isTextual()) {
      throw new SourceFormatException(where + ": title must be a string");
    }
    return new Source(id.asText(), title == null || title.isNull() ? "" : title.asText(), text.asText());
  }
}

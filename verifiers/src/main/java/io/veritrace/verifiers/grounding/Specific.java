package io.veritrace.verifiers.grounding;

import java.util.List;

/**
 * A specific an answer states: a number, a money amount, a date or time, a proper name, or an
 * identifier (a product code, a model number). Specifics are what fabrication changes, so each
 * must come from somewhere: the question, the conversation, the sources or checked steps.
 *
 * @param kind what it is
 * @param text the words as written
 * @param keys its comparable forms; it occurs in a text where any of them does ({@code 1,200} and
 *     {@code 1200.00} share the key {@code 1200}; {@code 2 million} is found as 2000000 or 2)
 * @param start where it starts in the text it was found in
 * @param end where it ends
 */
public record Specific(Kind kind, String text, List<String> keys, int start, int end) {

  public enum Kind {
    NUMBER("number"),
    MONEY("money amount"),
    DATE("date"),
    NAME("name"),
    IDENTIFIER("identifier");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  public Specific {
    keys = List.copyOf(keys);
  }

  public String key() {
    return keys.get(0);
  }
}

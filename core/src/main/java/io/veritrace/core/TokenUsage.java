package io.veritrace.core;

/** Tokens a model server counted for the calls behind a proposal; zero when it does not say. */
public record TokenUsage(long promptTokens, long completionTokens) implements CborSerializable {

  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }
}

package io.veritrace.core;

import java.util.List;
import java.util.Objects;

/** One step of a reasoning trace: the text the model wrote and the claims parsed from it. */
public record Step(int index, String text, List<Claim> claims) implements CborSerializable {
  public Step {
    if (index < 0) throw new IllegalArgumentException("step index must be >= 0: " + index);
    Objects.requireNonNull(text, "text");
    claims = claims == null ? List.of() : List.copyOf(claims);
  }

  public Step withClaims(List<Claim> replacement) {
    return new Step(index, text, replacement);
  }
}

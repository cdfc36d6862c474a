package io.veritrace.core;

import java.util.Objects;

/** A document a query is to be answered from (retrieval-augmented use). */
public record Source(String id, String title, String text) implements CborSerializable {
  public Source {
    Objects.requireNonNull(id, "id");
    title = title == null ? "" : title;
    Objects.requireNonNull(text, "text");
  }
}

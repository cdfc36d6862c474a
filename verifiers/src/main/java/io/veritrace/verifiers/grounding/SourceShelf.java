package io.veritrace.verifiers.grounding;

import io.veritrace.core.Source;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The query's sources, each normalized once on first use within one verification. */
final class SourceShelf {

  private final List<Source> sources;
  private final Map<String, NormalizedText> normalized = new HashMap<>();

  SourceShelf(List<Source> sources) {
    this.sources = sources;
  }

  List<Source> sources() {
    return sources;
  }

  NormalizedText text(Source source) {
    return normalized.computeIfAbsent(source.id(), id -> NormalizedText.of(source.text()));
  }

  /** Short enough for a verdict message: the start of {@code s}, whole words. */
  static String clip(String s, int max) {
    String t = s.strip().replaceAll("\\s+", " ");
    if (t.length() <= max) return t;
    int cut = t.lastIndexOf(' ', max);
    return t.substring(0, cut > max / 2 ? cut : max) + " ...";
  }
}

package io.veritrace.verifiers.grounding;

import io.veritrace.core.Source;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules every way of supplying sources shares: valid ids, unique ids, bounded counts. */
final class SourceIds {

  /** An id must be citable as {@code [id]}: a letter or digit, then letters, digits, . _ : - */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  static final int MAX_SOURCES = 10_000;

  private SourceIds() {}

  static void check(List<Source> sources, String where) {
    if (sources.size() > MAX_SOURCES) {
      throw new SourceFormatException(where + ": more than " + MAX_SOURCES + " sources");
    }
    Set<String> seen = new HashSet<>();
    for (Source s : sources) {
      if (!ID.matcher(s.id()).matches()) {
        throw new SourceFormatException(
            where + ": source id '" + SourceShelf.clip(s.id(), 60) + "' must match " + ID.pattern()
                + " so that it can be cited as [id]");
      }
      if (!seen.add(s.id())) throw new SourceFormatException(where + ": duplicate source id '" + s.id() + "'");
    }
  }
}

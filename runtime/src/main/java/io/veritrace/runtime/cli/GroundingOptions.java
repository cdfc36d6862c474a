package io.veritrace.runtime.cli;

import io.veritrace.core.Source;
import io.veritrace.verifiers.grounding.SourceFormatException;
import io.veritrace.verifiers.grounding.SourcesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;

/** The options that give a query its documents and its "today": {@code --sources FILE}, {@code --reference-date}. */
final class GroundingOptions {

  private GroundingOptions() {}

  /** The documents of {@code --sources FILE} (JSON, JSON Lines; see docs/sources.md); none without it. */
  static List<Source> sources(Args args) {
    String file = args.get("sources", null);
    if (file == null) return List.of();
    try {
      return SourcesFile.read(Path.of(file));
    } catch (IOException | SourceFormatException e) {
      throw new Args.UsageException("--sources " + file + ": " + e.getMessage());
    }
  }

  /** {@code --reference-date}, or null: the checks then count from today's date in UTC. */
  static String referenceDate(Args args) {
    String date = args.get("reference-date", null);
    return date == null ? null : date(date, "--reference-date");
  }

  static String date(String date, String where) {
    try {
      return LocalDate.parse(date.strip()).toString();
    } catch (DateTimeException e) {
      throw new Args.UsageException(where + " must be YYYY-MM-DD, not '" + date + "'");
    }
  }
}

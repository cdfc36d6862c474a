package io.veritrace.runtime.cli;

import io.veritrace.core.Source;
import io.veritrace.verifiers.grounding.SourceFormatException;
import io.veritrace.verifiers.grounding.SourcesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine;

/** The options that give a query its documents and its "today": {@code --sources FILE}, {@code --reference-date}. */
final class GroundingOptions {

  @CommandLine.Option(names = "--sources", paramLabel = "FILE", description = "documents to answer from (JSON or JSON Lines; docs/sources.md)")
  private String file;

  @CommandLine.Option(names = "--reference-date", paramLabel = "YYYY-MM-DD", description = "today, for date checks (default: today in UTC)")
  private String date;

  /** The documents of {@code --sources FILE} (JSON, JSON Lines; see docs/sources.md); none without it. */
  List<Source> sources() {
    if (file == null) return List.of();
    try {
      return SourcesFile.read(Path.of(file));
    } catch (IOException | SourceFormatException e) {
      throw new UsageException("--sources " + file + ": " + e.getMessage());
    }
  }

  /** {@code --reference-date}, or null: the checks then count from today's date in UTC. */
  String referenceDate() {
    return date == null ? null : date(date, "--reference-date");
  }

  static String date(String date, String where) {
    try {
      return LocalDate.parse(date.strip()).toString();
    } catch (DateTimeException e) {
      throw new UsageException(where + " must be YYYY-MM-DD, not '" + date + "'");
    }
  }
}

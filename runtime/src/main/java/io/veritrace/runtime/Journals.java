package io.veritrace.runtime;

import com.typesafe.config.Config;
import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.PostgresTraceJournal;
import io.veritrace.actors.journal.TraceJournal;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the journal {@code veritrace.journal} configures (see veritrace-defaults.conf). */
public final class Journals {
  private Journals() {}

  /** The configured journal, or empty for {@code kind = none}. */
  public static Optional<TraceJournal> open(Config config) throws Exception {
    Config j = config.getConfig("veritrace.journal");
    String kind = j.getString("kind");
    switch (kind) {
      case "none":
        return Optional.empty();
      case "file":
        return Optional.of(openFile(resolve(j.getString("path")), j));
      case "postgres":
        Config pg = j.getConfig("postgres");
        String password = pg.getString("password");
        return Optional.of(PostgresTraceJournal.open(new PostgresTraceJournal.Settings(pg.getString("url"),
            pg.getString("user"), password.isEmpty() ? null : password, j.getInt("max-batch"), j.getInt("queue-capacity"))));
      default:
        throw new IllegalArgumentException("veritrace.journal.kind must be file, postgres or none, not '" + kind + "'");
    }
  }

  /** A file journal in {@code dir} with the configured batching. */
  public static FileTraceJournal openFile(Path dir, Config journal) throws Exception {
    return FileTraceJournal.open(dir, new FileTraceJournal.Options(journal.getBytes("segment-size"),
        journal.getInt("max-batch"), journal.getInt("queue-capacity"), journal.getBoolean("fsync"),
        journal.getBytes("max-record").intValue()));
  }

  /**
   * The configured journal opened to read (export): a file journal is opened without its
   * writer's lock, so it can be read while {@code serve} writes to it.
   */
  public static Optional<TraceJournal> openForReading(Config config) throws Exception {
    Config j = config.getConfig("veritrace.journal");
    if (j.getString("kind").equals("file")) return Optional.of(FileTraceJournal.openForReading(resolve(j.getString("path"))));
    return open(config);
  }

  /** Relative paths are under VERITRACE_HOME when the launcher sets it. */
  public static Path resolve(String path) {
    Path p = Path.of(path);
    String home = System.getenv("VERITRACE_HOME");
    return p.isAbsolute() || home == null ? p : Path.of(home).resolve(p);
  }
}

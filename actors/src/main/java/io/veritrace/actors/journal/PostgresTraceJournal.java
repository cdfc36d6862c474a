package io.veritrace.actors.journal;

import io.veritrace.core.Trace;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32C;

/**
 * The journal in PostgreSQL, for deployments where several nodes write to one store. The same
 * records as the file journal (CBOR trace and its CRC32C), one row each; a group commit is one
 * transaction with a batched insert. Offsets are the rows' identity column, so they grow with
 * every append (a rolled-back batch leaves a gap, which readers simply pass). Like the file
 * journal, a trace refers to the earlier row of its session for the turns that row already holds
 * ({@link StoredTrace}), so a long conversation grows the table linearly, not quadratically.
 */
public final class PostgresTraceJournal implements TraceJournal {

  /** The JDBC URL, user and password, and the group-commit batch limits. */
  public record Settings(String url, String user, String password, int maxBatch, int queueCapacity) {
    public Settings {
      if (url == null || !url.startsWith("jdbc:postgresql:")) throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
      if (maxBatch < 1 || queueCapacity < 1) throw new IllegalArgumentException("batch limits must be positive");
    }
  }

  private static final String SCHEMA =
      """
      CREATE TABLE IF NOT EXISTS veritrace_journal (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        query_id TEXT NOT NULL,
        session_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        crc INTEGER NOT NULL,
        trace BYTEA NOT NULL,
        written_at TIMESTAMPTZ NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS veritrace_consumers (
        name TEXT PRIMARY KEY,
        next_offset BIGINT NOT NULL);
      """;

  private final Settings settings;
  private final GroupCommit<Trace> commits;

  /** Owned by the writer thread; reopened after a failure. */
  private Connection writer;
  /** Owned by the writer thread: each session's last row and the conversation after it. */
  private final SessionTails tails = new SessionTails(10_000, 16L << 20);
  private final ResolvedTurns resolved = new ResolvedTurns();

  private PostgresTraceJournal(Settings settings) throws SQLException {
    this.settings = settings;
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(SCHEMA);
    }
    commits = new GroupCommit<>("journal-writer-postgres", settings.maxBatch(), settings.queueCapacity(), this::write);
  }

  public static PostgresTraceJournal open(Settings settings) throws SQLException {
    return new PostgresTraceJournal(settings);
  }

  private Connection connect() throws SQLException {
    Properties p = new Properties();
    if (settings.user() != null) p.setProperty("user", settings.user());
    if (settings.password() != null) p.setProperty("password", settings.password());
    p.setProperty("connectTimeout", "10");
    p.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(settings.url(), p);
  }

  @Override
  public CompletionStage<Long> append(Trace trace) {
    return commits.submit(trace);
  }

  /**
   * Writer thread: one transaction for the batch. Ids are drawn from the identity's sequence
   * first, so a trace can refer to an earlier one of its session in the same batch.
   */
  private long[] write(List<Trace> traces, Throwable[] rejected) throws SQLException {
    if (writer == null || writer.isClosed()) {
      writer = connect();
      writer.setAutoCommit(false);
    }
    long[] ids = new long[traces.size()];
    Map<String, SessionTails.Tail> written = new HashMap<>();
    try (PreparedStatement reserve = writer.prepareStatement(
            "SELECT nextval(pg_get_serial_sequence('veritrace_journal', 'id')) FROM generate_series(1, ?)");
        PreparedStatement insert = writer.prepareStatement(
            "INSERT INTO veritrace_journal (id, query_id, session_id, outcome, crc, trace) OVERRIDING SYSTEM VALUE VALUES (?, ?, ?, ?, ?, ?)")) {
      reserve.setInt(1, traces.size());
      try (ResultSet rs = reserve.executeQuery()) {
        for (int i = 0; i < ids.length && rs.next(); i++) ids[i] = rs.getLong(1);
      }
      CRC32C crc = new CRC32C();
      for (int i = 0; i < traces.size(); i++) {
        Trace t = traces.get(i);
        String session = t.query().sessionId();
        byte[] r;
        try {
          r = TraceCodec.encode(tails.record(t, written), Integer.MAX_VALUE);
        } catch (RuntimeException e) {
          rejected[i] = e;
          continue;
        }
        crc.reset();
        crc.update(r);
        insert.setLong(1, ids[i]);
        insert.setString(2, t.query().id());
        insert.setString(3, session);
        insert.setString(4, t.outcome().name());
        insert.setInt(5, (int) crc.getValue());
        insert.setBytes(6, r);
        insert.addBatch();
        written.put(session, new SessionTails.Tail(ids[i], StoredTrace.turnsAfter(t), 0));
      }
      insert.executeBatch();
      writer.commit();
      for (Map.Entry<String, SessionTails.Tail> w : written.entrySet()) tails.put(w.getKey(), w.getValue().offset(), w.getValue().turns());
    } catch (SQLException e) {
      try {
        writer.rollback();
      } catch (SQLException rollback) {
        writer.close();
      }
      throw e;
    }
    return ids;
  }

  @Override
  public JournalBatch read(long from, int max) {
    List<JournalBatch.Entry> entries = new ArrayList<>();
    List<JournalBatch.Corruption> corruptions = new ArrayList<>();
    long next = from;
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement("SELECT id, crc, trace FROM veritrace_journal WHERE id >= ? ORDER BY id LIMIT ?")) {
      q.setLong(1, from);
      q.setInt(2, max);
      try (ResultSet rs = q.executeQuery()) {
        CRC32C crc = new CRC32C();
        while (rs.next()) {
          long id = rs.getLong(1);
          byte[] bytes = rs.getBytes(3);
          next = id + 1;
          crc.reset();
          crc.update(bytes);
          if ((int) crc.getValue() != rs.getInt(2)) {
            corruptions.add(new JournalBatch.Corruption("veritrace_journal", id, "row " + id + " fails its checksum; skipped", true));
            continue;
          }
          StoredTrace record;
          try {
            record = StoredTrace.decode(bytes);
          } catch (IOException e) {
            corruptions.add(new JournalBatch.Corruption("veritrace_journal", id, "row " + id + " is not a trace: " + e.getMessage(), true));
            continue;
          }
          try {
            entries.add(new JournalBatch.Entry(id, resolved.resolve(id, record, at -> storedAt(c, at))));
          } catch (IOException e) {
            corruptions.add(new JournalBatch.Corruption("veritrace_journal", id, "the first " + record.shared()
                + " turns of the history of row " + id + " are in row " + record.base() + ", which cannot be read ("
                + e.getMessage() + "); the trace is returned with the rest of its history", false));
            entries.add(new JournalBatch.Entry(id, record.trace()));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading the journal from PostgreSQL: " + e.getMessage(), e);
    }
    return new JournalBatch(entries, corruptions, next);
  }

  /** The row with id {@code at}, which must exist and pass its checksum. */
  private static StoredTrace storedAt(Connection c, long at) throws IOException {
    try (PreparedStatement q = c.prepareStatement("SELECT crc, trace FROM veritrace_journal WHERE id = ?")) {
      q.setLong(1, at);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) throw new IOException("no row " + at);
        byte[] bytes = rs.getBytes(2);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        if ((int) crc.getValue() != rs.getInt(1)) throw new IOException("row " + at + " fails its checksum");
        return StoredTrace.decode(bytes);
      }
    } catch (SQLException e) {
      throw new IOException("reading row " + at + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long end() {
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM veritrace_journal")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("reading the journal's end from PostgreSQL: " + e.getMessage(), e);
    }
  }

  @Override
  public long committed(String consumer) {
    try (Connection c = connect();
        PreparedStatement q = c.prepareStatement("SELECT next_offset FROM veritrace_consumers WHERE name = ?")) {
      q.setString(1, TraceJournal.checkConsumer(consumer));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading consumer offset: " + e.getMessage(), e);
    }
  }

  @Override
  public void commit(String consumer, long next) {
    try (Connection c = connect();
        PreparedStatement u = c.prepareStatement(
            "INSERT INTO veritrace_consumers (name, next_offset) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET next_offset = EXCLUDED.next_offset")) {
      u.setString(1, TraceJournal.checkConsumer(consumer));
      u.setLong(2, next);
      u.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("writing consumer offset: " + e.getMessage(), e);
    }
  }

  @Override
  public long failedAppends() {
    return commits.failed();
  }

  /** A BYTEA row has no record limit below PostgreSQL's own: nothing is cut. */
  @Override
  public long truncatedTraces() {
    return 0;
  }

  /** A database has no torn tail: a transaction either committed or did not. */
  @Override
  public Recovery recovery() {
    return Recovery.CLEAN;
  }

  @Override
  public void close() throws Exception {
    commits.close();
    if (writer != null) writer.close();
  }
}

package io.veritrace.actors.journal;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The journal contract against a real PostgreSQL server, started by the test from Maven Central's binaries. */
class PostgresTraceJournalTest extends JournalContract {

  private static EmbeddedPostgres postgres;
  private static int databases;
  private String current;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private PostgresTraceJournal.Settings settings(String db) {
    return new PostgresTraceJournal.Settings(postgres.getJdbcUrl("postgres", db), "postgres", null, 512, 10_000);
  }

  @Override
  TraceJournal fresh() throws Exception {
    current = "journal_" + databases++;
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + current);
    }
    return PostgresTraceJournal.open(settings(current));
  }

  @Override
  TraceJournal reopen(TraceJournal j) throws Exception {
    j.close();
    return PostgresTraceJournal.open(settings(current));
  }

  @Override
  long storedBytes(TraceJournal j) throws Exception {
    try (Connection c = postgres.getDatabase("postgres", current).getConnection(); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery("SELECT coalesce(sum(octet_length(trace)), 0) FROM veritrace_journal")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  void corrupt(TraceJournal j, long offset) throws Exception {
    try (Connection c = postgres.getDatabase("postgres", current).getConnection();
        PreparedStatement u = c.prepareStatement("UPDATE veritrace_journal SET trace = set_byte(trace, 5, get_byte(trace, 5) # 255) WHERE id = ?")) {
      u.setLong(1, offset);
      if (u.executeUpdate() != 1) throw new AssertionError("no row " + offset);
    }
  }
}

package io.veritrace.actors.journal;

import io.veritrace.core.TraceStore;

/**
 * A durable, ordered log of traces that consumers read from offsets they track. An append
 * completes only once the trace is on stable storage; appends are group-committed. Offsets grow
 * with every append (not necessarily by one), so a consumer that commits the {@code next} of the
 * last batch it processed picks up where it left off after a restart (at least once: a crash
 * between processing and committing replays that batch, so consumers deduplicate by query id).
 */
public interface TraceJournal extends TraceStore {

  /**
   * Up to {@code max} traces from {@code from} on. A record that cannot be read is reported in
   * the batch's corruptions with its position and skipped, never silently.
   */
  JournalBatch read(long from, int max);

  /**
   * Reads from {@code from} until {@code to} (or the end, if sooner) in batches of up to
   * {@code page}, handing each over with only its entries before {@code to}; returns the offset
   * reading stopped at, which a consumer commits once it has processed the batches.
   */
  default long read(long from, long to, int page, java.util.function.Consumer<JournalBatch> batches) {
    long at = from;
    while (at < to) {
      JournalBatch batch = read(at, page);
      java.util.List<JournalBatch.Entry> before = batch.entries().stream().filter(e -> e.offset() < to).toList();
      batches.accept(before.size() == batch.entries().size() ? batch : new JournalBatch(before, batch.corruptions(), Math.min(batch.next(), to)));
      if (batch.next() <= at) break;
      at = Math.min(batch.next(), to);
    }
    return at;
  }

  /** The offset the next append will get (or a larger one): the end of what can be read now. */
  long end();

  /** Where consumer {@code name} resumes: the offset it committed last, or 0. */
  long committed(String consumer);

  /** Records that consumer {@code name} has processed everything before {@code next}. */
  void commit(String consumer, long next);

  /** Appends that failed since the journal opened (full disk, lost database, full queue); each was logged. */
  long failedAppends();

  /** Traces written with long strings cut to fit the record limit since the journal opened; each was logged. */
  long truncatedTraces();

  /** What opening the journal found and repaired. */
  Recovery recovery();

  /**
   * @param tornRecords incomplete records at the end of the log (a crash mid-write), dropped
   * @param tornBytes their bytes
   */
  record Recovery(int tornRecords, long tornBytes) {
    public static final Recovery CLEAN = new Recovery(0, 0);
  }

  /** Consumer names become file names and keys: plain characters only. */
  static String checkConsumer(String name) {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("consumer names are 1-64 letters, digits, '.', '_' or '-': " + name);
    }
    return name;
  }
}

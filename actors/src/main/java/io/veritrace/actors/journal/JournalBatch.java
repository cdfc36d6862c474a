package io.veritrace.actors.journal;

import io.veritrace.core.Trace;
import java.util.List;

/**
 * What one read returns.
 *
 * @param entries the traces read, in offset order
 * @param corruptions records that could not be read, or only in part
 * @param next where the following read starts
 */
public record JournalBatch(List<Entry> entries, List<Corruption> corruptions, long next) {

  public JournalBatch {
    entries = List.copyOf(entries);
    corruptions = List.copyOf(corruptions);
  }

  public record Entry(long offset, Trace trace) {}

  /**
   * @param where the segment file or table holding it
   * @param offset the journal offset where the unreadable bytes start
   * @param reason what is wrong
   * @param lost whether the record is skipped; false for a trace returned with part of its history
   *     missing (the earlier record it refers to is the damaged one)
   */
  public record Corruption(String where, long offset, String reason, boolean lost) {}
}

package io.veritrace.actors.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread that takes every append waiting, writes them as one batch with one flush,
 * then completes them all: durability costs one flush per batch, not per trace. The queue is
 * bounded; an append that finds it full fails at once (the caller reports the trace as not
 * durable) rather than holding memory without limit.
 */
final class GroupCommit<R> implements AutoCloseable {

  /**
   * Writes a batch durably and returns each record's offset, in order. A record that cannot be
   * written on its own merits (it cannot be encoded) is named in {@code rejected} at its index and
   * fails alone; an exception fails the whole batch.
   */
  interface BatchWriter<R> {
    long[] write(List<R> records, Throwable[] rejected) throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
  /** Storage failures are logged at most this often; the count in between is reported with the next. */
  private static final long LOG_EVERY_NANOS = 10_000_000_000L;

  private record Pending<R>(R record, CompletableFuture<Long> done) {}

  @SuppressWarnings("rawtypes")
  private static final Pending STOP = new Pending<>(null, null);

  private final BlockingQueue<Pending<R>> queue;
  private final int maxBatch;
  private final BatchWriter<R> writer;
  private final Thread thread;
  private volatile boolean closed;
  private final AtomicLong failed = new AtomicLong();
  private long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
  private long unlogged;

  GroupCommit(String name, int maxBatch, int capacity, BatchWriter<R> writer) {
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.maxBatch = maxBatch;
    this.writer = writer;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  CompletableFuture<Long> submit(R record) {
    if (closed) return CompletableFuture.failedFuture(new IllegalStateException("journal is closed"));
    CompletableFuture<Long> done = new CompletableFuture<>();
    if (!queue.offer(new Pending<>(record, done))) {
      JournalWriteException full = new JournalWriteException("journal queue is full (" + (queue.size()) + " appends waiting)", null);
      failed(1, full);
      done.completeExceptionally(full);
    }
    return done;
  }

  private void run() {
    List<Pending<R>> batch = new ArrayList<>(maxBatch);
    List<R> records = new ArrayList<>(maxBatch);
    while (true) {
      try {
        Pending<R> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed) return;
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        boolean stop = batch.remove(STOP);
        for (Pending<R> p : batch) records.add(p.record());
        if (!records.isEmpty()) write(batch, records);
        if (stop) {
          drainRejecting();
          return;
        }
      } catch (InterruptedException e) {
        drainRejecting();
        return;
      } finally {
        batch.clear();
        records.clear();
      }
    }
  }

  private void write(List<Pending<R>> batch, List<R> records) {
    long[] offsets;
    Throwable[] rejected = new Throwable[records.size()];
    try {
      offsets = writer.write(records, rejected);
    } catch (Throwable t) {
      JournalWriteException failure = new JournalWriteException("journal write failed: " + t.getMessage(), t);
      failed(batch.size(), failure);
      for (Pending<R> p : batch) p.done().completeExceptionally(failure);
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (rejected[i] == null) {
        batch.get(i).done().complete(offsets[i]);
      } else {
        JournalWriteException failure = new JournalWriteException("journal write failed: " + rejected[i].getMessage(), rejected[i]);
        failed(1, failure);
        batch.get(i).done().completeExceptionally(failure);
      }
    }
  }

  /** Appends that did not reach storage since the journal opened (full disk, full queue, ...). */
  long failed() {
    return failed.get();
  }

  /** Counts failed appends and logs them, at most once per interval so a full disk cannot flood the log. */
  private synchronized void failed(int appends, Throwable cause) {
    failed.addAndGet(appends);
    unlogged += appends;
    long now = System.nanoTime();
    if (now - lastLogged >= LOG_EVERY_NANOS) {
      LOG.error("{}: {} trace(s) not stored ({} since the journal opened): {}", thread.getName(), unlogged, failed.get(),
          cause.getMessage());
      lastLogged = now;
      unlogged = 0;
    }
  }

  private void drainRejecting() {
    List<Pending<R>> left = new ArrayList<>();
    queue.drainTo(left);
    for (Pending<R> p : left) {
      if (p != STOP) p.done().completeExceptionally(new IllegalStateException("journal is closed"));
    }
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  @SuppressWarnings("unchecked")
  public void close() throws InterruptedException {
    if (closed) return;
    closed = true;
    queue.offer((Pending<R>) STOP);
    thread.join(30_000);
  }
}

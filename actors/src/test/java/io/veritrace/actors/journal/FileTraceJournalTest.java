package io.veritrace.actors.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTraceJournalTest extends JournalContract {

  @TempDir Path tmp;
  private int dirs;

  @Override
  TraceJournal fresh() throws IOException {
    return FileTraceJournal.open(tmp.resolve("journal-" + dirs++));
  }

  @Override
  TraceJournal reopen(TraceJournal j) throws Exception {
    j.close();
    return FileTraceJournal.open(tmp.resolve("journal-" + (dirs - 1)));
  }

  @Override
  void corrupt(TraceJournal j, long offset) throws IOException {
    Path segment = onlySegment(tmp.resolve("journal-" + (dirs - 1)));
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(offset + FileTraceJournal.HEADER + 5);
      int b = f.read();
      f.seek(offset + FileTraceJournal.HEADER + 5);
      f.write(b ^ 0xFF);
    }
  }

  @Override
  long storedBytes(TraceJournal j) throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("journal-" + (dirs - 1)))) {
      long bytes = 0;
      for (Path p : s.filter(p -> p.toString().endsWith(".log")).toList()) bytes += Files.size(p);
      return bytes;
    }
  }

  private static Path onlySegment(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
    }
  }

  @Test
  void aTornLastRecordIsDroppedAndCountedOnOpen() throws Exception {
    Path dir = tmp.resolve("torn");
    try (FileTraceJournal j = FileTraceJournal.open(dir)) {
      for (int i = 0; i < 3; i++) j.append(Traces.corrected(i)).toCompletableFuture().join();
    }
    Path segment = onlySegment(dir);
    long good = Files.size(segment);
    // a crash mid-write: a header promising 5,000 bytes, and 40 of them
    ByteBuffer torn = ByteBuffer.allocate(FileTraceJournal.HEADER + 40);
    torn.putInt(FileTraceJournal.MAGIC).putInt(5000).putInt(12345);
    Files.write(segment, torn.array(), StandardOpenOption.APPEND);
    try (FileTraceJournal j = FileTraceJournal.open(dir)) {
      assertEquals(new TraceJournal.Recovery(1, FileTraceJournal.HEADER + 40), j.recovery());
      assertEquals(good, Files.size(segment));
      assertEquals(3, readAll(j, 0, 100, new ArrayList<>()).size());
      long offset = j.append(Traces.corrected(3)).toCompletableFuture().join();
      assertEquals(good, offset);
    }
    try (FileTraceJournal j = FileTraceJournal.open(dir)) {
      assertEquals(TraceJournal.Recovery.CLEAN, j.recovery());
      assertEquals(4, readAll(j, 0, 100, new ArrayList<>()).size());
    }
  }

  @Test
  void aRangeReadStopsBeforeItsEndInPagesAndSaysWhere() throws Exception {
    try (TraceJournal j = fresh()) {
      List<Long> offsets = new ArrayList<>();
      for (int i = 0; i < 5; i++) offsets.add(j.append(Traces.corrected(i)).toCompletableFuture().join());
      List<String> ids = new ArrayList<>();
      int[] pages = {0};
      long stopped = j.read(offsets.get(1), offsets.get(4), 2, batch -> {
        pages[0]++;
        batch.entries().forEach(e -> ids.add(e.trace().query().id()));
      });
      assertEquals(offsets.get(4), stopped);
      assertEquals(2, pages[0]);
      assertEquals(List.of(Traces.corrected(1).query().id(), Traces.corrected(2).query().id(), Traces.corrected(3).query().id()), ids);
      assertEquals(offsets.get(1), j.read(offsets.get(1), offsets.get(1), 2, batch -> pages[0]++));
      assertEquals(2, pages[0]);
    }
  }

  @Test
  void segmentsRollAndReadsCrossThem() throws Exception {
    Path dir = tmp.resolve("segments");
    FileTraceJournal.Options small = new FileTraceJournal.Options(4096, 16, 1000, true);
    try (FileTraceJournal j = FileTraceJournal.open(dir, small)) {
      for (int i = 0; i < 60; i++) j.append(Traces.corrected(i)).toCompletableFuture().join();
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.filter(p -> p.toString().endsWith(".log")).count() > 3);
    }
    try (FileTraceJournal j = FileTraceJournal.open(dir, small)) {
      List<JournalBatch.Entry> all = readAll(j, 0, 7, new ArrayList<>());
      assertEquals(60, all.size());
      for (int i = 0; i < 60; i++) assertEquals("q-" + i, all.get(i).trace().query().id());
      JournalBatch fromMiddle = j.read(all.get(31).offset(), 2);
      assertEquals("q-31", fromMiddle.entries().get(0).trace().query().id());
    }
  }

  @Test
  void aFullDiskFailsTheAppendsClearlyLeavesNoPartialRecordAndRecovers() throws Exception {
    Path dir = tmp.resolve("full");
    FullDisk disk = new FullDisk();
    try (FileTraceJournal j = FileTraceJournal.open(dir, FileTraceJournal.Options.DEFAULT, disk::open)) {
      j.append(Traces.corrected(0)).toCompletableFuture().join();
      disk.full = true;
      CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
          () -> j.append(Traces.corrected(1)).toCompletableFuture().join());
      JournalWriteException cause = assertInstanceOf(JournalWriteException.class, e.getCause());
      assertTrue(cause.getMessage().contains("No space left on device"), cause.getMessage());
      assertEquals(1, j.failedAppends(), "a storage failure is counted (and logged) where metrics read it");
      disk.full = false;
      j.append(Traces.corrected(2)).toCompletableFuture().join();
      List<JournalBatch.Corruption> corruptions = new ArrayList<>();
      assertEquals(List.of("q-0", "q-2"), readAll(j, 0, 100, corruptions).stream().map(x -> x.trace().query().id()).toList());
      assertEquals(List.of(), corruptions);
    }
  }

  /** Channels that fail every write while {@code full}, as a full device does. */
  static final class FullDisk {
    volatile boolean full;

    FileChannel open(Path file) throws IOException {
      FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      return new FileChannel() {
        private void check() throws IOException {
          if (full) throw new IOException("No space left on device");
        }

        @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
        @Override public int write(ByteBuffer src) throws IOException {
          if (full) {
            // a device that fills up mid-write: part of the batch lands, then the error
            int half = src.remaining() / 2;
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + half);
            real.write(part);
            check();
          }
          return real.write(src);
        }
        @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { check(); return real.write(srcs, offset, length); }
        @Override public long position() throws IOException { return real.position(); }
        @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }
        @Override public long size() throws IOException { return real.size(); }
        @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }
        @Override public void force(boolean metaData) throws IOException { check(); real.force(metaData); }
        @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return real.transferTo(position, count, target); }
        @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException { check(); return real.transferFrom(src, position, count); }
        @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
        @Override public int write(ByteBuffer src, long position) throws IOException { check(); return real.write(src, position); }
        @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
        @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
        @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
        @Override protected void implCloseChannel() throws IOException { real.close(); }
      };
    }
  }
}

package io.veritrace.actors.journal;

import io.veritrace.core.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal on local disk: an append-only log of segment files, each record
 * {@code magic | length | CRC32C | CBOR trace}, appended by one writer thread in group commits
 * (one {@code force} per batch). Chosen over an embedded database because an append-only log
 * needs no server, no schema and no compaction, its durability point is one explicit
 * {@code fsync}, and a crash can only tear its last record — which opening detects by length
 * and checksum and drops.
 *
 * <p>An offset is the record's byte position in the whole log; segment files are named by the
 * offset of their first byte, so a reader finds any offset without an index. A record that fails
 * its checksum in the middle of the log (bit rot, a bad sector) is reported with its position by
 * readers, which resynchronise on the next record's magic number and go on.
 */
public final class FileTraceJournal implements TraceJournal {

  static final int MAGIC = 0x56545231; // "VTR1"
  static final int HEADER = 12;
  /** Largest record accepted; a length field beyond it is corruption, not a reason to allocate. */
  static final int MAX_RECORD = 64 << 20;
  /** The file whose lock marks the directory's one writer; it holds the writer's process id. */
  static final String LOCK = "writer.lock";
  private static final Logger LOG = LoggerFactory.getLogger(FileTraceJournal.class);

  /**
   * @param segmentBytes size after which a new segment file starts
   * @param maxBatch most appends written with one flush; 1 flushes every trace
   * @param queueCapacity most appends waiting; more fail at once
   * @param fsync whether a batch is forced to the device before it completes
   * @param maxRecordBytes largest record written: a larger trace is written with its long strings
   *     cut and marked (and logged), never left out
   */
  public record Options(long segmentBytes, int maxBatch, int queueCapacity, boolean fsync, int maxRecordBytes) {
    public static final Options DEFAULT = new Options(64L << 20, 512, 65_536, true);

    public Options(long segmentBytes, int maxBatch, int queueCapacity, boolean fsync) {
      this(segmentBytes, maxBatch, queueCapacity, fsync, MAX_RECORD);
    }

    public Options {
      if (segmentBytes < 1024 || maxBatch < 1 || queueCapacity < 1 || maxRecordBytes < 4096 || maxRecordBytes > MAX_RECORD) {
        throw new IllegalArgumentException("journal options out of range: segment-size >= 1 KiB, max-batch and queue-capacity >= 1, "
            + "max-record between 4 KiB and 64 MiB");
      }
    }
  }

  /** Opens segment files for writing; tests substitute channels that fail like a full disk. */
  public interface ChannelOpener {
    FileChannel open(Path file) throws IOException;
  }

  private static final ChannelOpener DEFAULT_OPENER =
      file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);

  private final Path dir;
  private final Options options;
  private final ChannelOpener opener;
  private final Recovery recovery;
  private final GroupCommit<Trace> commits;
  /** Held while the journal is open for writing: one writer per directory. */
  private final FileChannel lockFile;
  private final FileLock lock;
  private final String lockKey;
  /** Directories this process writes to: a file lock is held per process, so it cannot tell two journals here apart. */
  private static final java.util.Set<String> OPEN_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final SessionTails tails = new SessionTails(10_000, 16L << 20);
  private final ResolvedTurns resolved = new ResolvedTurns();
  private final AtomicLong truncated = new AtomicLong();
  /** Owned by the writer thread after open. */
  private FileChannel channel;
  private long segmentBase;
  private volatile long end;

  private FileTraceJournal(Path dir, Options options, ChannelOpener opener, boolean writable) throws IOException {
    this.dir = dir;
    this.options = options;
    this.opener = opener;
    Files.createDirectories(dir.resolve("consumers"));
    if (!writable) {
      lockFile = null;
      lock = null;
      lockKey = null;
      commits = null;
      recovery = Recovery.CLEAN;
      end = readableEnd();
      return;
    }
    lockKey = dir.toRealPath().toString();
    if (!OPEN_HERE.add(lockKey)) {
      // checked before touching the lock file: closing any channel of it would drop this process's OS lock
      throw new JournalLockedException("the journal in " + lockKey + " is already open for writing in this process (pid "
          + ProcessHandle.current().pid() + "); one writer per journal directory");
    }
    try {
      lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
      lock = lock(dir, lockFile);
    } catch (IOException | RuntimeException e) {
      OPEN_HERE.remove(lockKey);
      throw e;
    }
    TreeMap<Long, Path> segments = segments();
    if (segments.isEmpty()) {
      segmentBase = 0;
      channel = opener.open(segmentFile(0));
      end = 0;
      recovery = Recovery.CLEAN;
    } else {
      Map.Entry<Long, Path> last = segments.lastEntry();
      segmentBase = last.getKey();
      channel = opener.open(last.getValue());
      recovery = recoverTail();
    }
    commits = new GroupCommit<>("journal-writer-" + dir.getFileName(), options.maxBatch(), options.queueCapacity(), this::write);
  }

  /**
   * Takes the directory's lock and writes this process's id into the lock file, or fails naming
   * the holder: two writers appending to one segment would interleave their records.
   */
  private static FileLock lock(Path dir, FileChannel file) throws IOException {
    FileLock held;
    try {
      held = file.tryLock();
    } catch (OverlappingFileLockException e) {
      held = null;
    }
    if (held == null) {
      String holder = "";
      try {
        holder = Files.readString(dir.resolve(LOCK)).strip();
      } catch (IOException ignored) {
        // the holder's pid is only for the message
      }
      file.close();
      throw new JournalLockedException("the journal in " + dir.toAbsolutePath() + " is already open for writing by another "
          + (holder.isEmpty() ? "process" : "process (pid " + holder + ")")
          + "; one writer per journal directory — stop it, or give this one another journal path");
    }
    file.truncate(0);
    file.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
    file.force(true);
    return held;
  }

  /** Opens {@code dir} for writing, taking its lock; fails with {@link JournalLockedException} if another writer has it. */
  public static FileTraceJournal open(Path dir) throws IOException {
    return open(dir, Options.DEFAULT);
  }

  public static FileTraceJournal open(Path dir, Options options) throws IOException {
    return new FileTraceJournal(dir, options, DEFAULT_OPENER, true);
  }

  public static FileTraceJournal open(Path dir, Options options, ChannelOpener opener) throws IOException {
    return new FileTraceJournal(dir, options, opener, true);
  }

  /**
   * Opens {@code dir} for reading only (and committing consumer offsets), beside a writer that may
   * be running: no lock, no repair of the tail, which may be a record still being written.
   */
  public static FileTraceJournal openForReading(Path dir) throws IOException {
    return new FileTraceJournal(dir, Options.DEFAULT, DEFAULT_OPENER, false);
  }

  @Override
  public CompletionStage<Long> append(Trace trace) {
    if (commits == null) throw new UnsupportedOperationException("the journal in " + dir + " is open for reading only");
    return commits.submit(trace);
  }

  @Override
  public long failedAppends() {
    return commits == null ? 0 : commits.failed();
  }

  @Override
  public long truncatedTraces() {
    return truncated.get();
  }

  @Override
  public long end() {
    return end;
  }

  @Override
  public Recovery recovery() {
    return recovery;
  }

  /**
   * Read-only: the end of the last valid record of the last segment, without cutting anything
   * (a writer may be in the middle of the record after it).
   */
  private long readableEnd() throws IOException {
    TreeMap<Long, Path> segments = segments();
    if (segments.isEmpty()) return 0;
    Map.Entry<Long, Path> last = segments.lastEntry();
    try (FileChannel in = FileChannel.open(last.getValue(), StandardOpenOption.READ)) {
      return last.getKey() + validEnd(in, in.size());
    }
  }

  /**
   * Where the segment's records end: past every record that checks out, and past damaged bytes
   * that have a valid record after them (readers report those); what remains is a torn write.
   */
  private static long validEnd(FileChannel in, long size) throws IOException {
    long pos = 0;
    while (pos < size) {
      long length = recordAt(in, pos, size);
      if (length > 0) {
        pos += length;
        continue;
      }
      long resume = nextRecord(in, pos + 1, size);
      if (resume < 0) return pos;
      pos = resume;
    }
    return pos;
  }

  /**
   * Scans the last segment: a record that does not check out with no valid record after it is
   * a torn write and is cut off; one followed by valid records is left for readers to report.
   */
  private Recovery recoverTail() throws IOException {
    long size = channel.size();
    long pos = validEnd(channel, size);
    Recovery found = Recovery.CLEAN;
    if (pos < size) {
      found = new Recovery(1, size - pos);
      channel.truncate(pos);
      channel.force(true);
    }
    channel.position(pos);
    end = segmentBase + pos;
    return found;
  }

  /**
   * Writer thread: encodes each trace (referring to its session's earlier turns), then one write
   * and one force for the whole batch. A trace that cannot be encoded fails alone.
   */
  private long[] write(List<Trace> traces, Throwable[] rejected) throws IOException {
    List<byte[]> records = new ArrayList<>(traces.size());
    Map<String, SessionTails.Tail> written = new HashMap<>();
    long next = end;
    for (int i = 0; i < traces.size(); i++) {
      Trace t = traces.get(i);
      String session = t.query().sessionId();
      byte[] r;
      try {
        r = encodeWithin(tails.record(t, written), t);
      } catch (RuntimeException e) {
        LOG.error("trace {} of session {} cannot be journalled: {}", t.query().id(), session, e.getMessage());
        rejected[i] = e;
        records.add(null);
        continue;
      }
      records.add(r);
      written.put(session, new SessionTails.Tail(next, StoredTrace.turnsAfter(t), 0));
      next += HEADER + r.length;
    }
    int bytes = 0;
    for (byte[] r : records) if (r != null) bytes += HEADER + r.length;
    long position = channel.position();
    if (position > 0 && position + bytes > options.segmentBytes()) {
      channel.force(true);
      channel.close();
      segmentBase = end;
      channel = opener.open(segmentFile(segmentBase));
      position = 0;
    }
    ByteBuffer buf = ByteBuffer.allocate(bytes).order(ByteOrder.BIG_ENDIAN);
    long[] offsets = new long[records.size()];
    CRC32C crc = new CRC32C();
    for (int i = 0; i < records.size(); i++) {
      byte[] r = records.get(i);
      if (r == null) continue;
      offsets[i] = segmentBase + position + buf.position();
      crc.reset();
      crc.update(r);
      buf.putInt(MAGIC).putInt(r.length).putInt((int) crc.getValue()).put(r);
    }
    buf.flip();
    try {
      while (buf.hasRemaining()) channel.write(buf);
      if (options.fsync()) channel.force(false);
    } catch (IOException e) {
      // leave no partial batch behind: readers never see it, and the next batch starts clean
      try {
        channel.truncate(position);
        channel.position(position);
      } catch (IOException ignored) {
        // the torn tail is cut off when the journal is next opened
      }
      throw e;
    }
    end = segmentBase + position + bytes;
    for (Map.Entry<String, SessionTails.Tail> w : written.entrySet()) tails.put(w.getKey(), w.getValue().offset(), w.getValue().turns());
    return offsets;
  }

  /**
   * The record's bytes within the record limit: a trace over it is written again with each string
   * cut to fewer characters (halving) and a marker where it was cut, and the cut is logged. Only a
   * trace that is still too large with every string short fails.
   */
  private byte[] encodeWithin(StoredTrace record, Trace original) {
    byte[] r = TraceCodec.encode(record, Integer.MAX_VALUE);
    if (r.length <= options.maxRecordBytes()) return r;
    int whole = r.length;
    for (int cap = options.maxRecordBytes() / 4; cap >= 64; cap /= 2) {
      r = TraceCodec.encode(record, cap);
      if (r.length <= options.maxRecordBytes()) {
        truncated.incrementAndGet();
        LOG.warn("trace {} of session {} is {} bytes, over the journal's record limit of {}: written with strings cut to {} "
            + "characters and marked '{}'", original.query().id(), original.query().sessionId(), whole,
            options.maxRecordBytes(), cap, TraceCodec.TRUNCATED.strip());
        return r;
      }
    }
    throw new IllegalArgumentException("trace " + original.query().id() + " is " + whole + " bytes and still over the record limit of "
        + options.maxRecordBytes() + " with every string cut");
  }

  @Override
  public JournalBatch read(long from, int max) {
    List<JournalBatch.Entry> entries = new ArrayList<>();
    List<JournalBatch.Corruption> corruptions = new ArrayList<>();
    long limit = end;
    long at = Math.max(0, from);
    try {
      TreeMap<Long, Path> segments = segments();
      while (entries.size() < max && at < limit) {
        Map.Entry<Long, Path> segment = segments.floorEntry(at);
        if (segment == null) {
          at = segments.isEmpty() ? limit : segments.firstKey();
          continue;
        }
        long base = segment.getKey();
        Long nextBase = segments.higherKey(base);
        try (FileChannel in = FileChannel.open(segment.getValue(), StandardOpenOption.READ)) {
          long size = Math.min(in.size(), limit - base);
          long pos = at - base;
          while (entries.size() < max && pos < size) {
            long length = recordAt(in, pos, size);
            if (length > 0) {
              Trace trace = decode(in, pos, length, segment.getValue(), base, corruptions);
              if (trace != null) entries.add(new JournalBatch.Entry(base + pos, trace));
              pos += length;
              continue;
            }
            long resume = nextRecord(in, pos + 1, size);
            long skipTo = resume < 0 ? size : resume;
            corruptions.add(new JournalBatch.Corruption(segment.getValue().getFileName().toString(), base + pos,
                (skipTo - pos) + " bytes at position " + pos + " are not a valid record (bad magic, length or checksum); skipped", true));
            pos = skipTo;
          }
          at = base + pos;
          if (entries.size() >= max) break;
          if (nextBase == null) break;
          at = nextBase;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the journal in " + dir, e);
    }
    return new JournalBatch(entries, corruptions, at);
  }

  private Trace decode(FileChannel in, long pos, long length, Path file, long base,
      List<JournalBatch.Corruption> corruptions) throws IOException {
    StoredTrace record;
    try {
      record = stored(in, pos, length);
    } catch (IOException e) {
      corruptions.add(new JournalBatch.Corruption(file.getFileName().toString(), base + pos,
          "record at position " + pos + " passes its checksum but is not a trace: " + e.getMessage(), true));
      return null;
    }
    try {
      return resolved.resolve(base + pos, record, this::storedAt);
    } catch (IOException e) {
      corruptions.add(new JournalBatch.Corruption(file.getFileName().toString(), base + pos, "the first " + record.shared()
          + " turns of the history of the record at position " + pos + " are in the record at offset " + record.base()
          + ", which cannot be read (" + e.getMessage() + "); the trace is returned with the rest of its history", false));
      return record.trace();
    }
  }

  private static StoredTrace stored(FileChannel in, long pos, long length) throws IOException {
    ByteBuffer data = ByteBuffer.allocate((int) length - HEADER);
    readFully(in, data, pos + HEADER);
    return StoredTrace.decode(data.array());
  }

  /** The record at journal offset {@code at}, which must be a valid one. */
  private StoredTrace storedAt(long at) throws IOException {
    Map.Entry<Long, Path> segment = segments().floorEntry(at);
    if (segment == null) throw new IOException("no segment holds offset " + at);
    try (FileChannel in = FileChannel.open(segment.getValue(), StandardOpenOption.READ)) {
      long length = recordAt(in, at - segment.getKey(), in.size());
      if (length == 0) throw new IOException("no valid record at offset " + at);
      return stored(in, at - segment.getKey(), length);
    }
  }

  /** The length of the valid record at {@code pos} (header included), or 0 if there is none. */
  static long recordAt(FileChannel in, long pos, long size) throws IOException {
    if (size - pos < HEADER) return 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    readFully(in, header, pos);
    header.flip();
    if (header.getInt() != MAGIC) return 0;
    int length = header.getInt();
    int expected = header.getInt();
    if (length < 0 || length > MAX_RECORD || pos + HEADER + length > size) return 0;
    ByteBuffer data = ByteBuffer.allocate(length);
    readFully(in, data, pos + HEADER);
    CRC32C crc = new CRC32C();
    crc.update(data.array());
    return (int) crc.getValue() == expected ? HEADER + length : 0;
  }

  /** The position of the next valid record at or after {@code from}, or -1. */
  static long nextRecord(FileChannel in, long from, long size) throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
    for (long at = from; at + HEADER <= size; ) {
      chunk.clear();
      int n = in.read(chunk, at);
      if (n < 4) return -1;
      for (int i = 0; i + 4 <= n; i++) {
        if (chunk.getInt(i) == MAGIC && recordAt(in, at + i, size) > 0) return at + i;
      }
      at += n - 3;
    }
    return -1;
  }

  private static void readFully(FileChannel in, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int n = in.read(buf, pos + buf.position());
      if (n < 0) throw new IOException("unexpected end of journal segment");
    }
  }

  private TreeMap<Long, Path> segments() throws IOException {
    TreeMap<Long, Path> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> {
        String name = f.getFileName().toString();
        if (name.matches("\\d{20}\\.log")) out.put(Long.parseLong(name.substring(0, 20)), f);
      });
    }
    return out;
  }

  private Path segmentFile(long base) {
    return dir.resolve(String.format("%020d.log", base));
  }

  @Override
  public long committed(String consumer) {
    Path file = dir.resolve("consumers").resolve(TraceJournal.checkConsumer(consumer) + ".offset");
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("consumer offset " + file + " is unreadable: " + e.getMessage(), e);
    }
  }

  /** Written to a temporary file, forced, then moved over the old one: never half a number. */
  @Override
  public void commit(String consumer, long next) {
    Path file = dir.resolve("consumers").resolve(TraceJournal.checkConsumer(consumer) + ".offset");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(Long.toString(next).getBytes(StandardCharsets.US_ASCII)));
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write consumer offset " + file, e);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write consumer offset " + file, e);
    }
  }

  @Override
  public void close() throws Exception {
    if (commits == null) return;
    commits.close();
    channel.force(true);
    channel.close();
    lock.release();
    lockFile.close();
    OPEN_HERE.remove(lockKey);
  }
}

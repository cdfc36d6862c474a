package io.veritrace.actors.journal;

import io.veritrace.core.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

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

  /**
   * @param segmentBytes size after which a new segment file starts
   * @param maxBatch most appends written with one flush; 1 flushes every trace
   * @param queueCapacity most appends waiting; more fail at once
   * @param fsync whether a batch is forced to the device before it completes
   */
  public record Options(long segmentBytes, int maxBatch, int queueCapacity, boolean fsync) {
    public static final Options DEFAULT = new Options(64L << 20, 512, 65_536, true);

    public Options {
      if (segmentBytes < 1024 || maxBatch < 1 || queueCapacity < 1) {
        throw new IllegalArgumentException("journal options out of range: " + this);
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
  private final GroupCommit<byte[]> commits;
  /** Owned by the writer thread after open. */
  private FileChannel channel;
  private long segmentBase;
  private volatile long end;

  private FileTraceJournal(Path dir, Options options, ChannelOpener opener) throws IOException {
    this.dir = dir;
    this.options = options;
    this.opener = opener;
    Files.createDirectories(dir.resolve("consumers"));
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

  public static FileTraceJournal open(Path dir) throws IOException {
    return open(dir, Options.DEFAULT);
  }

  public static FileTraceJournal open(Path dir, Options options) throws IOException {
    return new FileTraceJournal(dir, options, DEFAULT_OPENER);
  }

  public static FileTraceJournal open(Path dir, Options options, ChannelOpener opener) throws IOException {
    return new FileTraceJournal(dir, options, opener);
  }

  @Override
  public CompletionStage<Long> append(Trace trace) {
    return commits.submit(TraceCodec.encode(trace));
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
   * Scans the last segment: a record that does not check out with no valid record after it is
   * a torn write and is cut off; one followed by valid records is left for readers to report.
   */
  private Recovery recoverTail() throws IOException {
    long size = channel.size();
    long pos = 0;
    int torn = 0;
    long tornBytes = 0;
    while (pos < size) {
      long length = recordAt(channel, pos, size);
      if (length > 0) {
        pos += length;
        continue;
      }
      long resume = nextRecord(channel, pos + 1, size);
      if (resume < 0) {
        torn = 1;
        tornBytes = size - pos;
        channel.truncate(pos);
        channel.force(true);
        break;
      }
      pos = resume;
    }
    channel.position(pos);
    end = segmentBase + pos;
    return torn == 0 ? Recovery.CLEAN : new Recovery(torn, tornBytes);
  }

  /** Writer thread: one write and one force for the whole batch. */
  private long[] write(List<byte[]> records) throws IOException {
    int bytes = 0;
    for (byte[] r : records) {
      if (r.length > MAX_RECORD) throw new IOException("a trace of " + r.length + " bytes exceeds the record limit");
      bytes += HEADER + r.length;
    }
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
    return offsets;
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
                (skipTo - pos) + " bytes at position " + pos + " are not a valid record (bad magic, length or checksum); skipped"));
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

  private static Trace decode(FileChannel in, long pos, long length, Path file, long base,
      List<JournalBatch.Corruption> corruptions) throws IOException {
    ByteBuffer data = ByteBuffer.allocate((int) length - HEADER);
    readFully(in, data, pos + HEADER);
    try {
      return TraceCodec.decode(data.array());
    } catch (IOException e) {
      corruptions.add(new JournalBatch.Corruption(file.getFileName().toString(), base + pos,
          "record at position " + pos + " passes its checksum but is not a trace: " + e.getMessage()));
      return null;
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
    commits.close();
    channel.force(true);
    channel.close();
  }
}

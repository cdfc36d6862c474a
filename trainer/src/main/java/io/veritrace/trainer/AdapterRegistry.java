package io.veritrace.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Adapter versions on disk and the log of what happened to them. Each version is a PEFT folder
 * under {@code versions/vN}; {@code journal.jsonl} records every gate decision with its figures,
 * every promotion and every rollback, one JSON object a line, appended and forced to disk before a
 * call returns. The serving version is the one the last promotion or rollback named; the journal
 * is the only state, so a registry survives restarts; a torn last line (a crash mid-append) is
 * ignored when read and cut when the registry is opened.
 */
public final class AdapterRegistry {

  public static final String JOURNAL = "journal.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public AdapterRegistry(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("versions"));
    dropTornLine(dir.resolve(JOURNAL));
  }

  // a crash mid-append leaves a last line without its newline: cut it, or the next append would join it
  private static void dropTornLine(Path file) throws IOException {
    if (!Files.exists(file)) return;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      long end = size;
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') break;
        end--;
      }
      if (end < size) {
        ch.truncate(end);
        ch.force(true);
      }
    }
  }

  /**
   * One journal line: what happened (promoted, rejected, rolled-back), to which version, when
   * (ISO-8601), and the gate's figures where there were any.
   *
   * @param source what the version was trained on, as its trainer names it (the trainer worker: a
   *     journal range), so a range registered but not yet marked done is not trained again; empty
   *     for a round run by hand and in lines written before it was recorded
   */
  public record Event(String kind, String version, String at, String reason, EvaluationGate.Figures figures, String source) {
    public Event {
      source = source == null ? "" : source;
    }
  }

  /**
   * Copies a trained adapter folder in as the next version and journals the gate's decision on it;
   * a promoted version becomes the serving one. Returns the version's name.
   */
  public synchronized String submit(Path adapterFolder, EvaluationGate gate, EvaluationGate.Decision decision) throws IOException {
    return submit(adapterFolder, decision, "");
  }

  /** As {@link #submit(Path, EvaluationGate, EvaluationGate.Decision)}, recording what the version was trained on. */
  public synchronized String submit(Path adapterFolder, EvaluationGate.Decision decision, String source) throws IOException {
    String version = nextVersion();
    Path target = dir.resolve("versions").resolve(version);
    Path staging = dir.resolve("versions").resolve(version + ".partial");
    Files.createDirectories(staging);
    try (Stream<Path> files = Files.list(adapterFolder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) Files.copy(f, staging.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE); // a version folder is complete or absent
    append(new Event(decision.promoted() ? "promoted" : "rejected", version, Instant.now().toString(), decision.reason(), decision.figures(), source));
    return version;
  }

  /** Makes {@code version} (an earlier promoted one) serve again, or none when {@code version} is empty. */
  public synchronized void rollBack(String version) throws IOException {
    if (!version.isEmpty()) {
      boolean promoted = events().stream().anyMatch(e -> e.kind().equals("promoted") && e.version().equals(version));
      if (!promoted) throw new IllegalArgumentException("version " + version + " was never promoted; promoted: " + promotedVersions());
    }
    append(new Event("rolled-back", version, Instant.now().toString(), "by hand", null, ""));
  }

  /** The version serving now; empty when none has been promoted (or after rolling back to none). */
  public synchronized Optional<String> serving() throws IOException {
    return serving(events());
  }

  /**
   * The version serving in the registry at {@code dir}, read without opening it: nothing is
   * created or repaired, so a server can follow a registry another process writes to (a torn last
   * line, an append in progress, is skipped as {@link #events()} does). Empty for no registry.
   */
  public static Optional<String> servingAt(Path dir) throws IOException {
    return serving(events(dir.resolve(JOURNAL)));
  }

  private static Optional<String> serving(List<Event> events) {
    String current = null;
    for (Event e : events) {
      if (e.kind().equals("promoted") || e.kind().equals("rolled-back")) current = e.version();
    }
    return current == null || current.isEmpty() ? Optional.empty() : Optional.of(current);
  }

  /** The registry's folder: a round stages its adapter here, on the same file system as the versions it moves into. */
  public Path root() {
    return dir;
  }

  /** The folder of {@code version}. */
  public Path folder(String version) {
    return dir.resolve("versions").resolve(version);
  }

  /** Every journal line in order; a torn last line is skipped. */
  public synchronized List<Event> events() throws IOException {
    return events(dir.resolve(JOURNAL));
  }

  private static List<Event> events(Path file) throws IOException {
    List<Event> out = new ArrayList<>();
    if (!Files.exists(file)) return out;
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) continue;
      try {
        out.add(JSON.readValue(line, Event.class));
      } catch (IOException e) {
        if (i < lines.size() - 1) throw new IOException(file + ": line " + (i + 1) + " is damaged: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private List<String> promotedVersions() throws IOException {
    return events().stream().filter(e -> e.kind().equals("promoted")).map(Event::version).toList();
  }

  private String nextVersion() throws IOException {
    int max = 0;
    try (Stream<Path> versions = Files.list(dir.resolve("versions"))) {
      for (Path p : (Iterable<Path>) versions::iterator) {
        String name = p.getFileName().toString();
        if (name.matches("v\\d+")) max = Math.max(max, Integer.parseInt(name.substring(1)));
      }
    }
    return "v" + (max + 1);
  }

  private void append(Event e) throws IOException {
    ObjectNode node = JSON.valueToTree(e);
    byte[] line = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(line));
      ch.force(true);
    }
  }
}

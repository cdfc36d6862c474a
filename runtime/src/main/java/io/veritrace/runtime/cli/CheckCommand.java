package io.veritrace.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.SolutionAudit;
import io.veritrace.verifiers.grounding.SourceFormatException;
import io.veritrace.verifiers.grounding.SourcesFile;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * {@code veritrace check FILE|-}: audits existing model outputs offline. One JSON object a line
 * in ({@code question} and {@code solution}, or GSM8K's {@code answer}); one verdict a line out,
 * in the same order; a summary on stderr. A malformed line gets an error object and the run goes
 * on; lines are checked in parallel batches.
 *
 * <p>Grounded answers: {@code --sources FILE} gives the documents every line is answered from; a
 * line's own {@code sources} — source objects, or ids of the file's sources, in citation order —
 * replaces them for that line. {@code reference_date} (or {@code --reference-date}) is the "today"
 * date checks count from; without one they use today's date in UTC.
 */
@CommandLine.Command(name = "check", sortOptions = false,
    description = "Audit model outputs offline: JSONL with question and solution in, one verdict a line out, a summary on stderr.")
public final class CheckCommand extends Command {

  /** Longest input line read; longer lines are reported and skipped, never held. */
  static final int MAX_LINE = 4 << 20;

  private static final int BATCH = 512;
  /**
   * Characters of input held at once: a batch is checked when it reaches {@link #BATCH} lines or
   * this many characters, so memory does not grow with line length (512 lines of 4 MiB would be 2 GiB).
   */
  static final long BATCH_CHARS = 8L << 20;
  /** Strict about what follows the object: {@code {...}}} is a malformed line, not a line checked. */
  private static final ObjectMapper JSON = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @CommandLine.Parameters(paramLabel = "FILE|-", arity = "1", description = "JSON Lines of question and solution (or GSM8K's answer); - for stdin")
  private String file;

  @CommandLine.Option(names = "--threads", paramLabel = "N", description = "checking threads (default: the number of cores)")
  private Integer threads;

  @CommandLine.Mixin
  private GroundingOptions grounding;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    int threads = this.threads != null ? this.threads : Runtime.getRuntime().availableProcessors();
    Shelf shelf = new Shelf(grounding.sources(), grounding.referenceDate());
    InputStream source = file.equals("-") ? in : Files.newInputStream(Path.of(file));
    CheckSuite suite = CheckSuite.standard();
    Summary summary = new Summary();
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8), 1 << 16)) {
      BoundedLines lines = new BoundedLines(reader, MAX_LINE);
      List<BoundedLines.Line> batch = new ArrayList<>(BATCH);
      BoundedLines.Line line;
      long held = 0;
      while ((line = lines.next()) != null) {
        if (line.text() != null && line.text().isBlank()) continue;
        batch.add(line);
        held += line.text() == null ? 0 : line.text().length();
        if (batch.size() == BATCH || held >= BATCH_CHARS) {
          flush(batch, pool, suite, shelf, out, summary);
          held = 0;
        }
      }
      flush(batch, pool, suite, shelf, out, summary);
    } finally {
      pool.shutdownNow();
    }
    out.flush();
    summary.print(err, System.nanoTime() - t0);
    return 0;
  }

  /** What every line is answered from unless it says otherwise: the --sources file, by id, and the reference date. */
  record Shelf(List<Source> sources, Map<String, Source> byId, String referenceDate) {
    Shelf(List<Source> sources, String referenceDate) {
      // SourcesFile has already refused duplicate ids
      this(sources, sources.stream().collect(Collectors.toUnmodifiableMap(Source::id, s -> s)), referenceDate);
    }
  }

  private static void flush(List<BoundedLines.Line> batch, ExecutorService pool, CheckSuite suite, Shelf shelf, PrintStream out,
      Summary summary) throws Exception {
    List<Future<ObjectNode>> results = new ArrayList<>(batch.size());
    for (BoundedLines.Line l : batch) results.add(pool.submit(() -> checkLine(suite, shelf, l)));
    for (Future<ObjectNode> f : results) {
      ObjectNode r = f.get();
      summary.add(r);
      out.println(JSON.writeValueAsString(r));
    }
    batch.clear();
  }

  static ObjectNode checkLine(CheckSuite suite, Shelf shelf, BoundedLines.Line line) {
    ObjectNode r = JSON.createObjectNode();
    r.put("line", line.number());
    if (line.text() == null) return r.put("error", "line is " + line.length() + " characters long; the limit is " + MAX_LINE);
    JsonNode j;
    try {
      j = JSON.readTree(line.text());
    } catch (Exception e) {
      return r.put("error", "malformed JSON: " + firstLine(e.getMessage()));
    }
    if (j == null || !j.isObject()) return r.put("error", "expected a JSON object");
    JsonNode q = j.get("question");
    JsonNode s = j.has("solution") ? j.get("solution") : j.get("answer");
    if (q == null || !q.isTextual()) return r.put("error", "missing text field \"question\"");
    if (s == null || !s.isTextual()) return r.put("error", "missing text field \"solution\" (or \"answer\")");
    List<Source> sources;
    String date;
    try {
      sources = j.has("sources") ? lineSources(j.get("sources"), shelf) : shelf.sources();
      date = j.hasNonNull("reference_date") ? GroundingOptions.date(j.get("reference_date").asText(), "reference_date") : shelf.referenceDate();
    } catch (SourceFormatException | UsageException e) {
      return r.put("error", e.getMessage());
    }
    String id = "line-" + line.number();
    Query query = new Query(id, id, q.asText(), List.of(), List.of(), sources, date);
    SolutionAudit audit = SolutionAudit.of(suite, query, s.asText());
    r.put("accepted", audit.accepted());
    r.put("outcome", audit.outcome().name());
    r.set("failures", verdicts(audit.failures()));
    r.set("warnings", verdicts(audit.warnings()));
    return r;
  }

  /** A line's sources: objects, or ids of the --sources file's sources. */
  private static List<Source> lineSources(JsonNode sources, Shelf shelf) {
    if (!sources.isArray() || sources.isEmpty() || !sources.get(0).isTextual()) return SourcesFile.fromJson(sources, "sources");
    List<Source> picked = new ArrayList<>();
    for (JsonNode id : sources) {
      Source s = shelf.byId().get(id.asText());
      if (s == null) throw new SourceFormatException("sources: no source '" + id.asText() + "' in the --sources file");
      picked.add(s);
    }
    return picked;
  }

  private static ArrayNode verdicts(List<Verdict> vs) {
    ArrayNode a = JSON.createArrayNode();
    for (Verdict v : vs) a.addObject().put("step", v.step()).put("rule", v.rule()).put("message", v.message());
    return a;
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Counts by outcome and rule, for the report on stderr. */
  private static final class Summary {
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final Map<String, Integer> failures = new TreeMap<>();
    private final Map<String, Integer> warnings = new TreeMap<>();
    private int lines;
    private int errors;

    void add(ObjectNode r) {
      lines++;
      if (r.has("error")) {
        errors++;
        return;
      }
      outcomes.merge(r.get("accepted").asBoolean() ? "accepted" : "rejected", 1, Integer::sum);
      for (JsonNode f : r.get("failures")) failures.merge(f.get("rule").asText(), 1, Integer::sum);
      for (JsonNode w : r.get("warnings")) warnings.merge(w.get("rule").asText(), 1, Integer::sum);
    }

    void print(PrintStream err, long nanos) {
      double secs = nanos / 1e9;
      err.printf("checked %d lines in %.2f s (%.0f lines/s): %s, %d malformed%n",
          lines, secs, lines / Math.max(secs, 1e-9), outcomes, errors);
      err.println("failures by rule: " + failures);
      err.println("warnings by rule: " + warnings);
    }
  }
}

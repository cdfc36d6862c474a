package io.veritrace.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.verifiers.logic.LogicChecker;
import io.veritrace.verifiers.logic.LogicLimits;
import io.veritrace.verifiers.logic.LogicProblem;
import io.veritrace.verifiers.logic.LogicResult;
import io.veritrace.verifiers.logic.Premise;
import io.veritrace.verifiers.logic.Repair;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * {@code veritrace logic FILE|-}: decides premises against a conclusion with Z3. One JSON object a
 * line in: {@code premises} (formulas) and {@code conclusion}, or {@code program} (the
 * Predicates: / Premises: / Conclusion: layout); FOLIO's {@code premises-FOL} and
 * {@code conclusion-FOL} are read too, with its {@code premises} as glosses. Optional {@code
 * label} True / False / Uncertain (FOLIO's Unknown counts as Uncertain). One result a line out;
 * with labels, accuracy, the confusion matrix, failures by cause and latency percentiles on
 * stderr. {@code --repeat K} checks the input K times and reports the last pass, so latencies
 * are measured after warm-up.
 */
@CommandLine.Command(name = "logic", sortOptions = false,
    description = "Decide first-order logic or SMT-LIB2 with Z3: entailed (True), refuted (False), Uncertain or Inconsistent.")
public final class LogicCommand extends Command {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> RESULTS = List.of("True", "False", "Uncertain", "Inconsistent", "Error");

  @CommandLine.Parameters(paramLabel = "FILE|-", arity = "1", description = "JSON Lines of premises and conclusion, or program; - for stdin")
  private String file;

  @CommandLine.Option(names = "--repeat", paramLabel = "K", defaultValue = "1", description = "check the input K times, report the last pass (default: ${DEFAULT-VALUE})")
  private int repeat;

  @CommandLine.Option(names = "--timeout-ms", paramLabel = "N", description = "Z3's budget per check in milliseconds (default: 2000)")
  private Integer timeoutMs;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    int repeat = Math.max(1, this.repeat);
    int timeout = timeoutMs != null ? timeoutMs : (int) LogicLimits.DEFAULT.timeout().toMillis();
    LogicChecker checker = new LogicChecker(LogicLimits.DEFAULT.withTimeout(Duration.ofMillis(Math.max(1, timeout))));
    List<BoundedLines.Line> lines = new ArrayList<>();
    InputStream source = file.equals("-") ? in : Files.newInputStream(Path.of(file));
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8), 1 << 16)) {
      BoundedLines bounded = new BoundedLines(reader, CheckCommand.MAX_LINE);
      BoundedLines.Line line;
      while ((line = bounded.next()) != null) if (line.text() == null || !line.text().isBlank()) lines.add(line);
    }
    for (int pass = 1; pass < repeat; pass++) {
      for (BoundedLines.Line l : lines) checkLine(checker, l);
      err.printf("warm-up pass %d/%d done%n", pass, repeat - 1);
    }
    Summary summary = new Summary();
    for (BoundedLines.Line l : lines) {
      ObjectNode r = checkLine(checker, l);
      summary.add(r);
      out.println(JSON.writeValueAsString(r));
    }
    out.flush();
    summary.print(err);
    return 0;
  }

  static ObjectNode checkLine(LogicChecker checker, BoundedLines.Line line) {
    ObjectNode r = JSON.createObjectNode();
    r.put("line", line.number());
    if (line.text() == null) return error(r, "input", "line is " + line.length() + " characters long; the limit is " + CheckCommand.MAX_LINE);
    JsonNode j;
    try {
      j = JSON.readTree(line.text());
    } catch (Exception e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      return error(r, "input", "malformed JSON: " + (m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m));
    }
    if (j == null || !j.isObject()) return error(r, "input", "expected a JSON object");
    String label = label(j.path("label").asText(""));
    if (!label.isEmpty()) r.put("label", label);
    long t0 = System.nanoTime();
    LogicResult result;
    if (j.path("program").isTextual()) {
      result = checker.checkProgram(j.get("program").asText());
    } else {
      JsonNode premises = j.has("premises-FOL") ? j.get("premises-FOL") : j.get("premises");
      JsonNode conclusion = j.has("conclusion-FOL") ? j.get("conclusion-FOL") : j.get("conclusion");
      if (premises == null || !premises.isArray() || conclusion == null || !conclusion.isTextual()) {
        return error(r, "input", "expected \"premises\" (a list of formulas) and \"conclusion\" (a formula), or \"program\"");
      }
      List<String> formulas = new ArrayList<>();
      for (JsonNode p : premises) {
        // null, a list or an object is a mistake in the input, not the formula "null" or nothing
        if (!p.isTextual()) {
          return error(r, "input", "premise " + (formulas.size() + 1) + " is " + kind(p) + ", not a formula (a string)");
        }
        formulas.add(p.asText());
      }
      List<String> glosses = new ArrayList<>();
      if (j.has("premises-FOL") && j.path("premises").isArray()) j.get("premises").forEach(p -> glosses.add(p.asText()));
      String gloss = j.has("conclusion-FOL") ? j.path("conclusion").asText("") : "";
      result = checker.check(LogicProblem.of(formulas, glosses, gloss.isEmpty() ? conclusion.asText() : conclusion.asText() + " ::: " + gloss));
    }
    r.put("result", result.label());
    r.put("reason", result.reason());
    ArrayNode repairs = r.putArray("repairs");
    for (Repair x : result.repairs()) repairs.add(x.toString());
    ArrayNode core = r.putArray("core");
    for (Premise p : result.core()) core.add(p.number());
    if (result instanceof LogicResult.Rejected rejected) r.put("cause", rejected.rejection().cause().name().toLowerCase());
    if (result instanceof LogicResult.Unknown) r.put("cause", "unknown");
    if (result instanceof LogicResult.Undetermined u) r.putPOJO("differences", u.clarification().differences());
    r.put("ms", Math.round((System.nanoTime() - t0) / 1e4) / 100.0);
    return r;
  }

  private static String kind(JsonNode n) {
    if (n.isNull()) return "null";
    if (n.isArray()) return "a list";
    if (n.isObject()) return "an object";
    return n.isBoolean() ? "a Boolean" : "a number";
  }

  private static ObjectNode error(ObjectNode r, String cause, String reason) {
    return r.put("result", "Error").put("cause", cause).put("reason", reason);
  }

  /** True, False, Uncertain (FOLIO's Unknown) or Inconsistent; empty when none is given. */
  private static String label(String written) {
    String w = written.strip();
    if (w.equalsIgnoreCase("unknown") || w.equalsIgnoreCase("uncertain")) return "Uncertain";
    for (String r : RESULTS) if (r.equalsIgnoreCase(w)) return r;
    return "";
  }

  /** Accuracy, confusion matrix, failures by cause and latency percentiles. */
  private static final class Summary {
    private final Map<String, Map<String, Integer>> confusion = new TreeMap<>();
    private final Map<String, Integer> causes = new TreeMap<>();
    private final List<Double> ms = new ArrayList<>();
    private int lines;
    private int labelled;
    private int correct;

    void add(ObjectNode r) {
      lines++;
      String result = r.path("result").asText();
      if (r.has("cause")) causes.merge(r.get("cause").asText(), 1, Integer::sum);
      if (r.has("ms")) ms.add(r.get("ms").asDouble());
      if (r.has("label")) {
        labelled++;
        String label = r.get("label").asText();
        if (label.equals(result)) correct++;
        confusion.computeIfAbsent(label, k -> new TreeMap<>()).merge(result, 1, Integer::sum);
      }
    }

    void print(PrintStream err) {
      err.printf("decided %d lines; failures by cause: %s%n", lines, causes);
      if (labelled > 0) {
        err.printf("accuracy %.2f %% (%d of %d labelled)%n", 100.0 * correct / labelled, correct, labelled);
        err.printf("%-13s", "label\\result");
        for (String c : RESULTS) err.printf("%13s", c);
        err.println();
        confusion.forEach((label, row) -> {
          err.printf("%-13s", label);
          for (String c : RESULTS) err.printf("%13d", row.getOrDefault(c, 0));
          err.println();
        });
      }
      if (!ms.isEmpty()) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        err.printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
            at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1]);
      }
    }

    private static double at(double[] sorted, double q) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
  }
}

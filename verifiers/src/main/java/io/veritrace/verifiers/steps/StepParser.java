package io.veritrace.verifiers.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Claim;
import io.veritrace.core.Proposal;
import io.veritrace.core.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a reasoning trace out of model text. One line is one step (LF, CRLF or CR). A step's
 * claims are what {@link StepReader} reads in it: calculator annotations
 * ({@code 48/2 = <<48/2=24>>24}), or, in a line without annotations, its equations in plain,
 * LaTeX, Markdown or Unicode notation; an equation with unknowns is checked with the values the
 * trace gives them. The final answer is taken from {@code #### x}, {@code \boxed{x}},
 * {@code A: x}, {@code Answer: x}, {@code Final answer: x}, {@code The answer is x}, or a bold
 * last line.
 *
 * <p>Structured traces are JSON: {@code {"steps":[{"text":"...","claims":[...]}],"answer":"..."}},
 * where {@code claims} uses {@link Claim}'s JSON form and may be left out to parse the text.
 */
public final class StepParser {

  /** Longest trace read; longer text is cut here and the cut is reported as a step. */
  public static final int MAX_TEXT = 1 << 20;

  public static final int MAX_STEPS = 2_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private StepParser() {}

  /** Parses plain text or, when it starts with '{', a structured JSON trace. */
  public static Proposal parse(String text, String reasoner) {
    String trimmed = text.stripLeading();
    if (trimmed.startsWith("{")) return parseJson(trimmed, reasoner);
    return parseText(text, reasoner);
  }

  public static Proposal parseText(String text, String reasoner) {
    boolean cut = text.length() > MAX_TEXT;
    String body = cut ? text.substring(0, MAX_TEXT) : text;
    List<String> lines = new ArrayList<>();
    for (String line : LINE_BREAK.split(body, MAX_STEPS * 4 + 1)) {
      if (line.isBlank()) continue;
      if (lines.size() == MAX_STEPS) {
        cut = true;
        break;
      }
      lines.add(line);
    }
    List<StepReader.Line> read = new ArrayList<>(lines.size());
    for (String line : lines) read.add(StepReader.read(line));
    Map<String, List<String>> values = assignments(lines, read);
    List<Step> steps = new ArrayList<>();
    List<Solved> solvedHere = new ArrayList<>();
    String answer = "";
    for (int i = 0; i < lines.size(); i++) {
      StepReader.Line l = read.get(i);
      List<Claim> claims = new ArrayList<>(l.claims());
      for (StepReader.Equation e : l.equations()) {
        List<String> unvalued = e.unknowns().stream().filter(u -> values.getOrDefault(u, List.of()).isEmpty()).toList();
        Claim c = StepReader.resolve(e, values);
        if (unvalued.size() == 1 && c instanceof Claim.Arithmetic a && a.unknowns().containsKey(unvalued.get(0))) {
          solvedHere.add(new Solved(i, claims.size(), unvalued.get(0), a.unknowns().get(unvalued.get(0))));
        }
        claims.add(c);
      }
      String ans = l.answer();
      // a bold last line is how chat models often state the answer: "**18 apples**"
      if (ans == null && i == lines.size() - 1 && answer.isEmpty() && boldLine(lines.get(i))) {
        ans = lines.get(i).strip().replace("**", "").strip();
      }
      if (ans != null) {
        answer = ans;
        claims.add(new Claim.FinalAnswer(ans));
      }
      steps.add(new Step(steps.size(), lines.get(i).strip(), claims));
    }
    reportSkippedEnd(steps, read, answer);
    reportIdleUnknowns(steps, read, solvedHere, answer);
    if (cut) {
      steps.add(new Step(steps.size(), "[trace cut at " + MAX_TEXT + " characters / " + MAX_STEPS + " steps]", List.of()));
    }
    return new Proposal(Proposal.Stance.ANSWER, steps, answer, text.length() > 4096 ? text.substring(0, 4096) : text, reasoner, "");
  }

  /**
   * A computation the reader skipped after the last one it read, with a result other than the
   * answer, is where the steps end: the answer may not bind to an earlier result past it (GSM8K
   * 6080: "4 + 8 = 12 pink and blue", then "16 total curlers – 12 pink and blue curlers = 4 green
   * curlers" and an answer of 12). It is reported as unread on its step. Skipped computations
   * earlier in the trace, or giving the answer, are left as they are: a result read elsewhere
   * covers them, and reporting every one refused 17–19 right GSM8K solutions per rendering.
   */
  private static void reportSkippedEnd(List<Step> steps, List<StepReader.Line> read, String answer) {
    int lastRead = -1;
    for (Step s : steps) if (s.claims().stream().anyMatch(c -> c instanceof Claim.Arithmetic)) lastRead = s.index();
    for (int i = lastRead + 1; i < steps.size(); i++) {
      for (StepReader.Skipped k : read.get(i).skipped()) {
        if (sameNumber(k.result(), answer)) continue;
        Step s = steps.get(i);
        List<Claim> claims = new ArrayList<>(s.claims());
        claims.add(new Claim.Unread(k.text(), "a computation with words between its numbers, after the last one read: its result "
            + k.result() + " is where the steps end"));
        steps.set(i, new Step(s.index(), s.text(), claims));
      }
    }
  }

  /** An equation that gave a value to an unknown no value was stated for: step, claim, unknown, value. */
  private record Solved(int step, int claim, String unknown, String value) {}

  /**
   * "5p = 17" with p in no other equation, its value 17/5 in no other step and not the answer,
   * holds for the p it defines: it checks nothing and feeds nothing, so it is reported as unread
   * rather than passed ("3 * 100 = 308m" held with m = 75/77 the same way).
   */
  private static void reportIdleUnknowns(List<Step> steps, List<StepReader.Line> read, List<Solved> solved, String answer) {
    for (Solved sv : solved) {
      long equations = read.stream().flatMap(l -> l.equations().stream()).filter(e -> e.unknowns().contains(sv.unknown())).count();
      if (equations > 1) continue;
      io.veritrace.verifiers.arithmetic.ClaimedNumber value = io.veritrace.verifiers.arithmetic.Quantities.firstIn(sv.value());
      // a value of 1 is a unit written on both sides ("2000L * .8 = 1600 L"): the numbers are checked as written
      if (value == null || value.value().equals(io.veritrace.verifiers.arithmetic.Rational.ONE) || sameNumber(sv.value(), answer)) continue;
      boolean used = false;
      for (Step s : steps) {
        if (s.index() == sv.step()) continue;
        for (io.veritrace.verifiers.arithmetic.Rational r : io.veritrace.verifiers.arithmetic.Quantities.numbersIn(MathText.plain(s.text()))) {
          used |= r.equals(value.value());
        }
      }
      if (used) continue;
      Step s = steps.get(sv.step());
      List<Claim> claims = new ArrayList<>(s.claims());
      Claim.Arithmetic a = (Claim.Arithmetic) claims.get(sv.claim());
      claims.set(sv.claim(), new Claim.Unread(a.expression() + " = " + a.result(), "it holds only for the value it gives " + sv.unknown()
          + " (" + sv.value() + "), which no other step uses: it checks nothing"));
      steps.set(sv.step(), new Step(s.index(), s.text(), claims));
    }
  }

  private static boolean sameNumber(String result, String answer) {
    io.veritrace.verifiers.arithmetic.ClaimedNumber r = io.veritrace.verifiers.arithmetic.Quantities.firstIn(result);
    io.veritrace.verifiers.arithmetic.ClaimedNumber a = io.veritrace.verifiers.arithmetic.Quantities.firstIn(answer);
    return r != null && a != null && r.value().equals(a.value());
  }

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  /** What the trace says each unknown is, only looked for when some line has an equation with one. */
  private static Map<String, List<String>> assignments(List<String> lines, List<StepReader.Line> read) {
    if (read.stream().allMatch(l -> l.equations().isEmpty())) return new HashMap<>();
    Map<String, List<String>> values = new HashMap<>();
    for (String line : lines) StepReader.assignments(line).forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    return values; // resolve() adds the values that equations linear in one unknown define
  }

  private static boolean boldLine(String line) {
    String t = line.strip();
    return t.length() > 4 && t.startsWith("**") && t.endsWith("**") && t.indexOf("**", 2) == t.length() - 2;
  }

  /** The claims of one line of text, without the final answer. */
  public static List<Claim> claimsOf(String line) {
    return StepReader.claimsOf(line);
  }

  private static Proposal parseJson(String text, String reasoner) {
    if (text.length() > MAX_TEXT) {
      throw new StepFormatException("structured trace larger than " + MAX_TEXT + " characters");
    }
    try {
      JsonNode root = JSON.readTree(text);
      JsonNode stepsNode = root.path("steps");
      if (!stepsNode.isArray()) throw new StepFormatException("structured trace needs a \"steps\" array");
      if (stepsNode.size() > MAX_STEPS) throw new StepFormatException("more than " + MAX_STEPS + " steps");
      List<Step> steps = new ArrayList<>();
      for (JsonNode s : stepsNode) {
        String stepText = s.isTextual() ? s.asText() : s.path("text").asText("");
        List<Claim> claims = new ArrayList<>();
        // an empty claims list declares nothing: the text is still read
        if (s.has("claims") && s.get("claims").isArray() && !s.get("claims").isEmpty()) {
          for (JsonNode c : s.get("claims")) claims.add(JSON.treeToValue(c, Claim.class));
        } else {
          claims.addAll(claimsOf(stepText));
        }
        steps.add(new Step(steps.size(), stepText, claims));
      }
      String answer = root.path("answer").asText("");
      if (!answer.isEmpty()) {
        steps.add(new Step(steps.size(), "Answer: " + answer, List.of(new Claim.FinalAnswer(answer))));
      }
      return new Proposal(Proposal.Stance.ANSWER, steps, answer, text, reasoner, "");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StepFormatException("malformed structured trace: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "unknown error";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}

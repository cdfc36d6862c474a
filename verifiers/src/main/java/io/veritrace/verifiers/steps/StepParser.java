package io.veritrace.verifiers.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Claim;
import io.veritrace.core.Proposal;
import io.veritrace.core.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a reasoning trace out of model text. One line is one step. A step's claims are its
 * calculator annotations ({@code 48/2 = <<48/2=24>>24}), or, in a line without annotations, its
 * inline equations ({@code 16 - 3 - 4 = 9}); the final answer is taken from {@code #### x},
 * {@code A: x}, {@code Answer: x} or {@code The answer is x}.
 *
 * <p>Structured traces are JSON: {@code {"steps":[{"text":"...","claims":[...]}],"answer":"..."}},
 * where {@code claims} uses {@link Claim}'s JSON form and may be left out to parse the text.
 */
public final class StepParser {

  /** Longest trace read; longer text is cut here and the cut is reported as a step. */
  public static final int MAX_TEXT = 1 << 20;

  public static final int MAX_STEPS = 2_000;

  private static final Pattern ANNOTATION = Pattern.compile("<<([^<>]*)>>");
  // a number as written: $1,200.50, .5, 20%, and mixed numbers (1 1/2)
  private static final String NUM = "\\$?(?:\\d+(?:,\\d{3})*(?:\\.\\d+)?(?:\\s+\\d+/\\d+)?|\\.\\d+)%?";
  // a result is a number that does not go on as an expression ("= 2/12 + 3/12") or a number
  // with space-separated thousands ("$16 000")
  private static final String RESULT =
      "-?" + NUM + "(?:\\s*/\\s*\\d+)?(?![\\w/*(^.]|\\s*[-+*/×÷^]\\s*[\\d($.]|\\s\\d{3}\\b)";
  private static final String OP = "\\s*[-+*/x×÷^−]\\s*";
  private static final Pattern EQUATION =
      Pattern.compile(
          "(?<![\\w.,/]|\\d[ ,]|(?:[-+*/×÷^]|\\bx)\\s{0,2})(\\(*\\s*" + NUM + "(?:\\s*\\)*" + OP + "\\(*\\s*" + NUM + ")+\\s*\\)*)\\s*=\\s*(" + RESULT + ")");
  private static final Pattern FINAL_MARK = Pattern.compile("^\\s*####\\s*(.*)$");
  private static final Pattern ANSWER_LABEL =
      Pattern.compile("^\\s*(?:A|Answer|Final answer)\\s*:\\s*(.+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern ANSWER_SENTENCE =
      Pattern.compile("\\bthe (?:final )?answer is:?\\s*(.+?)\\s*\\.?\\s*$", Pattern.CASE_INSENSITIVE);

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
    List<Step> steps = new ArrayList<>();
    String answer = "";
    for (String line : body.split("\n", MAX_STEPS + 1)) {
      if (line.isBlank()) continue;
      if (steps.size() == MAX_STEPS) {
        cut = true;
        break;
      }
      String ans = finalAnswer(line);
      List<Claim> claims = new ArrayList<>(claimsOf(line));
      if (ans != null) {
        answer = ans;
        claims.add(new Claim.FinalAnswer(ans));
      }
      steps.add(new Step(steps.size(), line.strip(), claims));
    }
    if (cut) {
      steps.add(new Step(steps.size(), "[trace cut at " + MAX_TEXT + " characters / " + MAX_STEPS + " steps]", List.of()));
    }
    return new Proposal(Proposal.Stance.ANSWER, steps, answer, text.length() > 4096 ? text.substring(0, 4096) : text, reasoner, "");
  }

  /** The claims of one line of text, without the final answer. */
  public static List<Claim> claimsOf(String line) {
    List<Claim> claims = new ArrayList<>();
    Matcher a = ANNOTATION.matcher(line);
    boolean annotated = false;
    while (a.find()) {
      annotated = true;
      String inner = a.group(1);
      int eq = inner.lastIndexOf('=');
      claims.add(eq < 0 ? new Claim.Arithmetic(inner, "") : new Claim.Arithmetic(inner.substring(0, eq), inner.substring(eq + 1)));
    }
    if (annotated) return claims;
    Matcher m = EQUATION.matcher(line);
    int from = 0;
    while (from < line.length() && m.find(from)) {
      // inline equations are found by pattern; one with unbalanced parentheses was cut out of
      // a larger expression ("2(50+100)") and is no claim the text makes
      if (balanced(m.group(1))) claims.add(new Claim.Arithmetic(m.group(1).strip(), m.group(2).strip()));
      from = m.start(2); // chains: "2*3 = 6 * 2 = 12" checks both equations
    }
    return claims;
  }

  private static boolean balanced(String expr) {
    int open = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '(') open++;
      else if (c == ')' && --open < 0) return false;
    }
    return open == 0;
  }

  private static String finalAnswer(String line) {
    // cheap tests first: most lines carry no marker, and these patterns are the parser's hot path
    if (line.contains("####")) return group(FINAL_MARK, line);
    if (line.indexOf(':') >= 0) {
      String label = group(ANSWER_LABEL, line);
      if (label != null) return label;
    }
    return line.contains("nswer") || line.contains("NSWER") ? group(ANSWER_SENTENCE, line) : null;
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? m.group(1).strip() : null;
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
        if (s.has("claims")) {
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

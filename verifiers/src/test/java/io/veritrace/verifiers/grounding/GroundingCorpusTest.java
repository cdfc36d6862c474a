package io.veritrace.verifiers.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.dates.DateVerifier;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grounding and date checks against a corpus written for them ({@code grounding/corpus.jsonl},
 * 15 short documents with near-duplicate neighbours: an old and a new refund policy, 2023 and 2024
 * price lists, two backpacks) and {@code grounding/answers.jsonl}: right answers in varied
 * phrasing, subtly wrong ones (a changed digit, a swapped name, the neighbouring document cited,
 * a misquote, a date slip) and fabricated ones. Measures each rule's false-alarm rate on the right
 * answers, which must stay at or below 1 % for every rule that rejects.
 */
class GroundingCorpusTest {

  private static final Path DIR = Path.of("src/test/resources/grounding");
  private static final Clock SERVER = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  private static Map<String, Source> corpus;
  private static List<Case> cases;
  private static List<Verifier> verifiers;

  record Case(String id, String kind, Query query, Proposal proposal, List<Verdict> stepVerdicts, List<String> expect) {}

  @BeforeAll
  static void load() throws IOException {
    corpus = new java.util.LinkedHashMap<>();
    for (Source s : SourcesFile.read(DIR.resolve("corpus.jsonl"))) corpus.put(s.id(), s);
    ObjectMapper json = new ObjectMapper();
    cases = new ArrayList<>();
    for (String line : Files.readAllLines(DIR.resolve("answers.jsonl"))) {
      if (line.isBlank()) continue;
      cases.add(toCase(json.readTree(line)));
    }
    DateVerifier dates = new DateVerifier(SERVER);
    verifiers = List.of(new QuoteVerifier(), new CitationVerifier(dates), new SpecificsVerifier(dates), dates);
  }

  private static Case toCase(JsonNode n) {
    List<Source> sources = new ArrayList<>();
    n.get("sources").forEach(id -> sources.add(corpus.get(id.asText())));
    String reference = n.has("reference_date") ? n.get("reference_date").asText() : "2026-11-22";
    Query query = new Query(n.get("id").asText(), "s", n.get("question").asText(), List.of(), List.of(), sources, reference);
    List<Step> steps = new ArrayList<>();
    List<Verdict> stepVerdicts = new ArrayList<>();
    if (n.has("steps")) {
      for (JsonNode s : n.get("steps")) {
        int index = steps.size();
        String expression = s.get("expression").asText();
        String result = s.get("result").asText();
        steps.add(new Step(index, s.get("text").asText(), List.of(new Claim.Arithmetic(expression, result))));
        // Stands in for the arithmetic step checker: exact evaluation of "a op b".
        boolean right = evaluate(expression).compareTo(new BigDecimal(result)) == 0;
        stepVerdicts.add(right
            ? Verdict.pass("arithmetic", "arithmetic.result", index, expression + " = " + result)
            : Verdict.fail("arithmetic", "arithmetic.result", index, "wrong", "", ""));
      }
    }
    String answer = n.get("answer").asText();
    Proposal proposal = new Proposal(Proposal.Stance.ANSWER, steps, answer, answer, "corpus", "");
    List<String> expect = new ArrayList<>();
    if (n.has("expect")) n.get("expect").forEach(e -> expect.add(e.asText()));
    return new Case(n.get("id").asText(), n.get("kind").asText(), query, proposal, stepVerdicts, expect);
  }

  static BigDecimal evaluate(String expression) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([\\d.]+)\\s*([-+*/])\\s*([\\d.]+)").matcher(expression);
    if (!m.matches()) throw new IllegalArgumentException(expression);
    BigDecimal a = new BigDecimal(m.group(1)), b = new BigDecimal(m.group(3));
    return switch (m.group(2)) {
      case "+" -> a.add(b);
      case "-" -> a.subtract(b);
      case "*" -> a.multiply(b);
      default -> a.divide(b, MathContext.DECIMAL64);
    };
  }

  private static List<Verdict> verdicts(Case c) {
    List<Verdict> all = new ArrayList<>();
    for (Verifier v : verifiers) all.addAll(v.verify(c.query(), c.proposal(), c.stepVerdicts()));
    return all;
  }

  @Test
  void corpusHasTheShapeTheIssueAsksFor() {
    assertTrue(corpus.size() >= 10 && corpus.size() <= 20, "10-20 documents: " + corpus.size());
    long right = cases.stream().filter(c -> c.kind().equals("right")).count();
    assertTrue(right >= 100, "at least 100 right answers: " + right);
    assertTrue(cases.stream().anyMatch(c -> c.kind().equals("fabricated")));
  }

  @Test
  void falseAlarmsOnRightAnswersStayAtOrBelowOnePercentForEveryRejectingRule() {
    Map<String, Integer> rejected = new TreeMap<>();
    Map<String, Integer> warned = new TreeMap<>();
    Map<String, Integer> judged = new TreeMap<>();
    List<String> alarms = new ArrayList<>();
    List<Case> right = cases.stream().filter(c -> c.kind().equals("right")).toList();
    for (Case c : right) {
      TreeSet<String> rejectedHere = new TreeSet<>(), warnedHere = new TreeSet<>(), judgedHere = new TreeSet<>();
      for (Verdict v : verdicts(c)) {
        if (v.grade() == Grade.NOT_APPLICABLE) continue;
        judgedHere.add(v.rule());
        if (v.rejects()) {
          rejectedHere.add(v.rule());
          alarms.add(c.id() + " " + v.rule() + ": " + v.message());
        } else if (v.grade() == Grade.WARN) {
          warnedHere.add(v.rule());
          alarms.add(c.id() + " (warn) " + v.rule() + ": " + v.message());
        }
      }
      rejectedHere.forEach(r -> rejected.merge(r, 1, Integer::sum));
      warnedHere.forEach(r -> warned.merge(r, 1, Integer::sum));
      judgedHere.forEach(r -> judged.merge(r, 1, Integer::sum));
    }
    StringBuilder report = new StringBuilder("false alarms on " + right.size() + " right answers\n");
    report.append(String.format("%-34s %8s %10s %10s%n", "rule", "judged", "rejected", "warned"));
    for (String rule : judged.keySet()) {
      int r = rejected.getOrDefault(rule, 0), w = warned.getOrDefault(rule, 0);
      report.append(String.format("%-34s %8d %5d %4.1f%% %5d %4.1f%%%n", rule, judged.get(rule), r,
          100.0 * r / right.size(), w, 100.0 * w / right.size()));
    }
    alarms.forEach(a -> report.append("  ").append(a).append('\n'));
    System.out.println(report);
    for (String rule : judged.keySet()) {
      double rate = rejected.getOrDefault(rule, 0) / (double) right.size();
      assertTrue(rate <= 0.01, rule + " rejects " + (100 * rate) + "% of right answers (must warn instead)\n" + report);
    }
  }

  @Test
  void everyWrongOrFabricatedAnswerIsCaughtByTheRulesItShouldTrip() {
    List<String> missed = new ArrayList<>();
    int caught = 0, total = 0;
    for (Case c : cases) {
      if (c.kind().equals("right")) continue;
      total++;
      List<Verdict> verdicts = verdicts(c);
      boolean any = verdicts.stream().anyMatch(v -> v.rejects() || v.grade() == Grade.WARN);
      if (any) caught++;
      for (String rule : c.expect()) {
        boolean tripped = verdicts.stream().anyMatch(v -> v.rule().equals(rule) && (v.rejects() || v.grade() == Grade.WARN));
        if (!tripped) missed.add(c.id() + " " + rule + " not tripped by: " + c.proposal().answer() + "\n     " + verdicts);
      }
    }
    System.out.println("wrong or fabricated answers caught: " + caught + " of " + total);
    assertEquals(List.of(), missed, String.join("\n", missed));
    assertEquals(total, caught);
  }
}

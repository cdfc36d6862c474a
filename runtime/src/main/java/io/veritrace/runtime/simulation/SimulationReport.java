package io.veritrace.runtime.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.veritrace.core.Outcome;
import io.veritrace.reasoners.simulated.ErrorClass;
import io.veritrace.reasoners.simulated.Judgement;
import io.veritrace.reasoners.simulated.ScenarioClass;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.runtime.simulation.ScriptRunner.ArmRun;
import io.veritrace.runtime.simulation.ScriptRunner.TurnRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a simulation found, for machines (JSON) and for the page and charts drawn from it. Every
 * number but {@code latency} and {@code throughput} is decided by the seed.
 *
 * @param driver {@code in-process} or {@code http URL}
 * @param arms {@code unchecked} and {@code checked}
 * @param errors per class of the reasoner's first-proposal mistake (and {@code NONE}: no mistake),
 *     what each arm served
 */
public record SimulationReport(
    long seed,
    int sessions,
    int turns,
    int concurrency,
    String driver,
    Map<ErrorClass, Double> rates,
    double fixRate,
    Map<String, ArmSummary> arms,
    List<ScenarioRow> scenarios,
    List<ErrorRow> errors,
    Clarifications clarifications,
    OverRefusal overRefusal) {

  /** The key of the error row of turns whose first proposal made no mistake. */
  public static final String NO_MISTAKE = "NONE";

  /**
   * One arm.
   *
   * @param wrongServedRate wrong answers and answers to unanswerable questions, per turn
   */
  public record ArmSummary(Map<Judgement, Integer> judgements, int wrongServed, double wrongServedRate, double meanRounds,
      Latency latency, Throughput throughput) {}

  /** Per-turn service time at the run's concurrency, and its histogram on {@link #BIN_EDGES_MS}. */
  public record Latency(double p50Ms, double p90Ms, double p99Ms, double meanMs, List<Integer> histogram) {}

  public record Throughput(double wallSeconds, double sessionsPerSecond, double turnsPerSecond, int concurrency) {}

  public record ScenarioRow(ScenarioClass kind, int sessions, int turns, Map<Judgement, Integer> unchecked,
      Map<Judgement, Integer> checked, double uncheckedWrongRate, double checkedWrongRate) {}

  /**
   * One class of first-proposal mistake.
   *
   * @param made turns whose first proposal made it
   * @param uncheckedWrong of those, served wrong without verification
   * @param checkedWrong served wrong with verification: what it did not catch
   * @param checkedAbstained caught, ending in a question or a refusal
   * @param checkedCorrect caught and fixed, or made harmless
   * @param why why verification does or does not catch it
   */
  public record ErrorRow(String kind, boolean surfaceTrace, int made, int uncheckedWrong, int checkedWrong, int checkedAbstained,
      int checkedCorrect, String why) {}

  /** Turns whose right outcome is CLARIFY: how often each arm asked, and named what is missing. */
  public record Clarifications(int expected, int uncheckedAsked, int uncheckedNamed, int checkedAsked, int checkedNamed) {}

  /** Turns with a right answer to give: how often each arm asked or refused instead. */
  public record OverRefusal(int answerable, int uncheckedNeedless, int checkedNeedless, double uncheckedRate, double checkedRate) {}

  /** Latency histogram bin edges in milliseconds: 0.01 ms to 100 s, four bins a decade (the last is open). */
  public static final List<Double> BIN_EDGES_MS;

  static {
    List<Double> edges = new ArrayList<>();
    for (int k = 0; k <= 28; k++) edges.add(Math.round(0.01 * Math.pow(10, k / 4.0) * 1e6) / 1e6);
    BIN_EDGES_MS = List.copyOf(edges);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Builds the report from the two arms' runs of the same scripts. */
  public static SimulationReport of(long seed, String driver, SimulationProfile profile, ArmRun unchecked, ArmRun checked) {
    if (unchecked.turns().size() != checked.turns().size()) {
      throw new IllegalArgumentException("the arms ran different turns: " + unchecked.turns().size() + " and " + checked.turns().size());
    }
    Map<String, ArmSummary> arms = new LinkedHashMap<>();
    arms.put("unchecked", summary(unchecked));
    arms.put("checked", summary(checked));

    List<ScenarioRow> scenarios = new ArrayList<>();
    for (ScenarioClass kind : ScenarioClass.values()) {
      Predicate<TurnRecord> of = t -> t.kind() == kind;
      List<TurnRecord> u = unchecked.turns().stream().filter(of).toList();
      if (u.isEmpty()) continue;
      List<TurnRecord> c = checked.turns().stream().filter(of).toList();
      int sessions = (int) u.stream().map(TurnRecord::script).distinct().count();
      scenarios.add(new ScenarioRow(kind, sessions, u.size(), judgements(u), judgements(c), wrongRate(u), wrongRate(c)));
    }

    List<ErrorRow> errors = new ArrayList<>();
    List<String> kinds = new ArrayList<>(Arrays.stream(ErrorClass.values()).map(Enum::name).toList());
    kinds.add(NO_MISTAKE);
    for (String kind : kinds) {
      int made = 0, uWrong = 0, cWrong = 0, cAbstained = 0, cCorrect = 0;
      for (int i = 0; i < checked.turns().size(); i++) {
        TurnRecord u = unchecked.turns().get(i);
        TurnRecord c = checked.turns().get(i);
        String k = c.mistake() == null ? NO_MISTAKE : c.mistake().name();
        if (!k.equals(kind)) continue;
        made++;
        if (u.judgement().servesWrong()) uWrong++;
        if (c.judgement().servesWrong()) cWrong++;
        else if (c.outcome() == Outcome.CLARIFY || c.outcome() == Outcome.REFUSE) cAbstained++;
        else cCorrect++;
      }
      if (made == 0 && kind.equals(NO_MISTAKE)) continue;
      boolean trace = !kind.equals(NO_MISTAKE) && ErrorClass.valueOf(kind).surfaceTrace();
      errors.add(new ErrorRow(kind, trace, made, uWrong, cWrong, cAbstained, cCorrect, why(kind)));
    }

    int expectedClarify = 0, uAsked = 0, uNamed = 0, cAsked = 0, cNamed = 0, answerable = 0, uNeedless = 0, cNeedless = 0;
    for (int i = 0; i < checked.turns().size(); i++) {
      TurnRecord u = unchecked.turns().get(i);
      TurnRecord c = checked.turns().get(i);
      if (c.expected() == Outcome.CLARIFY) {
        expectedClarify++;
        if (u.outcome() == Outcome.CLARIFY) uAsked++;
        if (u.namesMissing()) uNamed++;
        if (c.outcome() == Outcome.CLARIFY) cAsked++;
        if (c.namesMissing()) cNamed++;
      }
      if (c.expected() == Outcome.VERIFIED) {
        answerable++;
        if (u.judgement() == Judgement.NEEDLESS_ABSTENTION) uNeedless++;
        if (c.judgement() == Judgement.NEEDLESS_ABSTENTION) cNeedless++;
      }
    }
    return new SimulationReport(seed, checked.sessions(), checked.turns().size(), checked.concurrency(), driver, profile.rates(),
        profile.fixRate(), arms, scenarios, errors, new Clarifications(expectedClarify, uAsked, uNamed, cAsked, cNamed),
        new OverRefusal(answerable, uNeedless, cNeedless, rate(uNeedless, answerable), rate(cNeedless, answerable)));
  }

  /**
   * This report without its timings: what the seed decides, for comparing runs. The mean rounds
   * are left out too: under load a worker request can time out and be re-sent, or a Z3 check run
   * out of its time budget, which can cost a round without changing how the turn ends.
   */
  public SimulationReport numbers() {
    Map<String, ArmSummary> bare = new LinkedHashMap<>();
    arms.forEach((k, a) -> bare.put(k, new ArmSummary(a.judgements(), a.wrongServed(), a.wrongServedRate(), 0, null, null)));
    return new SimulationReport(seed, sessions, turns, concurrency, driver, rates, fixRate, bare, scenarios, errors, clarifications, overRefusal);
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  public static SimulationReport read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), SimulationReport.class);
  }

  private static ArmSummary summary(ArmRun run) {
    List<TurnRecord> turns = run.turns();
    int wrong = (int) turns.stream().filter(t -> t.judgement().servesWrong()).count();
    double rounds = turns.stream().mapToInt(TurnRecord::rounds).average().orElse(0);
    long[] nanos = turns.stream().mapToLong(TurnRecord::nanos).sorted().toArray();
    List<Integer> histogram = new ArrayList<>();
    for (int b = 0; b < BIN_EDGES_MS.size(); b++) {
      double lo = b == 0 ? 0 : BIN_EDGES_MS.get(b);
      double hi = b + 1 < BIN_EDGES_MS.size() ? BIN_EDGES_MS.get(b + 1) : Double.POSITIVE_INFINITY;
      histogram.add((int) Arrays.stream(nanos).filter(n -> n / 1e6 >= lo && n / 1e6 < hi).count());
    }
    double wall = run.wallNanos() / 1e9;
    return new ArmSummary(judgements(turns), wrong, rate(wrong, turns.size()), round(rounds),
        new Latency(percentile(nanos, 50), percentile(nanos, 90), percentile(nanos, 99),
            round(Arrays.stream(nanos).average().orElse(0) / 1e6), histogram),
        new Throughput(round(wall), round(run.sessions() / wall), round(turns.size() / wall), run.concurrency()));
  }

  private static Map<Judgement, Integer> judgements(List<TurnRecord> turns) {
    Map<Judgement, Integer> out = new EnumMap<>(Judgement.class);
    for (Judgement j : Judgement.values()) out.put(j, 0);
    for (TurnRecord t : turns) out.merge(t.judgement(), 1, Integer::sum);
    return out;
  }

  private static double wrongRate(List<TurnRecord> turns) {
    return rate((int) turns.stream().filter(t -> t.judgement().servesWrong()).count(), turns.size());
  }

  private static double rate(int part, int whole) {
    return whole == 0 ? 0 : round((double) part / whole);
  }

  private static double round(double x) {
    return Math.round(x * 10_000) / 10_000.0;
  }

  private static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) return 0;
    int idx = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
    return round(sorted[Math.max(0, idx)] / 1e6);
  }

  /** Why verification catches a class of mistake, or why it cannot. */
  static String why(String kind) {
    return switch (kind) {
      case "ARITHMETIC_SLIP" -> "arithmetic recomputes every result; the Corrector carries the right value forward";
      case "NUMBER_FROM_NOWHERE" -> "provenance finds an operand neither stated nor declared";
      case "UNBOUND_ANSWER" -> "answer binding finds a final answer the steps do not compute";
      case "BROKEN_TRANSLATION" -> "Z3 decides another truth value from the translation, or cannot read it";
      case "MISCITED_SOURCE" -> "grounding finds the quote or the number missing from the cited document";
      case "WRONG_SETUP" -> "every step's arithmetic is right and every number is stated: which operation the story means is not checked";
      case "MISPLACED_NUMBER" -> "the number is stated in the conversation, so provenance accepts it; which quantity it belongs to is not checked";
      case "PLAUSIBLE_CONSTANT" -> "a declared everyday constant is accepted; the stated number it replaced is flagged only when its sentence is in the turn being asked";
      case "DROPPED_CONDITION" -> "a skipped sentence of the current turn is flagged as uncovered; one from an earlier turn, or a qualifier dropped from a logic rule, is not";
      case "OVERCONFIDENT" -> "an invented number is flagged; an unknown filled by a declared assumption, or left out, leaves no trace";
      case "CONSISTENT_MISTRANSLATION" -> "Z3 agrees with the translation; only comparing each formula with its sentence could object";
      case "WRONG_SOURCE_SPECIFIC" -> "the cited document does contain the value; that it describes a sibling product is not checked";
      case "SYCOPHANCY" -> "an adopted false premise or a suggested answer breaks arithmetic or answer binding; a contradiction taken as a"
          + " correction is caught by the conversation check against the user's earlier statement";
      case "INJECTION_FOLLOWED" -> "the planted document contains the value it is cited for; grounding checks support, not whether a document is trustworthy";
      default -> "the first proposal made no mistake; a wrong answer here would be the runtime's own";
    };
  }
}

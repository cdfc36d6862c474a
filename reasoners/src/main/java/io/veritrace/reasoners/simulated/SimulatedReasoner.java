package io.veritrace.reasoners.simulated;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Role;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A simulator of a fallible language model, for tests, simulations and the demo; it is not a
 * model. It answers the tasks it was built over (word problems, logic stories, questions on
 * documents, and the turns of adversarial scenarios) with structured steps, and makes at most one
 * mistake per first proposal, of an {@link ErrorClass} drawn at the profile's rates: those a
 * checker is built to see (slips, numbers from nowhere, unbound answers, broken translations,
 * miscited sources) and those it cannot (a wrong set-up with right arithmetic, a stated number in
 * the wrong place, a plausible constant, a dropped condition, an overconfident answer, a
 * consistent mistranslation, a specific from the wrong document, giving in to the user, following
 * a planted instruction).
 *
 * <p>A revision answers the findings it was given: a mistake a finding points at (on its step, or
 * quoting what it got wrong) is fixed with the profile's fix rate, else the previous proposal comes
 * back unchanged; a mistake no finding names is never fixed.
 *
 * <p>Each call draws from its own random stream seeded by (seed, {@link #key}, round), so the
 * same seed gives the same proposals whatever order, thread, session or transport queries arrive by.
 */
public final class SimulatedReasoner implements Reasoner {

  /**
   * The mistake a first proposal makes.
   *
   * @param kind its class
   * @param step the step it is in; -1 when it is the proposal as a whole
   * @param form how it shows within its class ({@code operator}, {@code invented}, ...)
   * @param evidence text a finding about it would quote (a sentence left out); empty if none
   */
  public record Mistake(ErrorClass kind, int step, String form, String evidence) {}

  private record Attempt(Proposal proposal, Mistake mistake) {}

  /** One change to the right derivation of a word problem; {@code at} is the operation it touches. */
  private record Change(int at, Character op, BigInteger operand, Claim source, boolean skip, BigInteger delta,
      BigInteger answerDelta, Claim.Given start) {
    static final Change NONE = new Change(-1, null, null, null, false, null, null, null);

    static Change operand(int at, BigInteger operand, Claim source) {
      return new Change(at, null, operand, source, false, null, null, null);
    }
  }

  private static final int[] CONSTANTS = {12, 24, 60, 100, 7, 10};
  private static final String[] CONSTANT_REASONS = {"a dozen", "hours in a day", "minutes in an hour", "a hundred", "days in a week", "ten"};

  private final Map<String, SimulatedTask> byKey;
  private final SimulationProfile profile;
  private final long seed;

  /** Over single-turn tasks: each is asked as the first message of its conversation. */
  public SimulatedReasoner(List<? extends SimulatedTask> tasks, SimulationProfile profile, long seed) {
    this(tasks.stream().collect(Collectors.toMap(t -> key(t.question(), t.question(), sourcesOf(t)),
        Function.<SimulatedTask>identity(), (a, b) -> a)), profile, seed);
  }

  /**
   * Over tasks keyed by {@link #key}: the conversation's first message, the question and its
   * documents, so a follow-up ("How many now?") means what its conversation makes it mean.
   */
  public SimulatedReasoner(Map<String, ? extends SimulatedTask> byKey, SimulationProfile profile, long seed) {
    this.byKey = Map.copyOf(byKey);
    this.profile = profile;
    this.seed = seed;
  }

  /** The key a task is found by: the conversation's opening message, the question, its documents. */
  public static String key(String opening, String question, List<Source> sources) {
    StringBuilder sb = new StringBuilder(opening).append('\u0001').append(question);
    for (Source s : sources) sb.append('\u0001').append(s.id()).append('\u0002').append(s.text());
    return sb.toString();
  }

  /** The key of {@code query}: its conversation's first user message (itself when it opens one). */
  public static String key(Query query) {
    String opening = query.history().stream().filter(t -> t.role() == Role.USER).map(Turn::text).findFirst().orElse(query.question());
    return key(opening, query.question(), query.sources());
  }

  private static List<Source> sourcesOf(SimulatedTask t) {
    if (t instanceof RetrievalTask r) return r.sources();
    if (t instanceof PressuredTask p) return sourcesOf(p.base());
    return List.of();
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public CompletionStage<Proposal> propose(ReasonerRequest request) {
    String key = key(request.query());
    SimulatedTask task = byKey.get(key);
    if (task == null) {
      return CompletableFuture.completedFuture(new Proposal(Proposal.Stance.CLARIFY, List.of(),
          "The simulated reasoner only answers the tasks it generated; this question is not one of them.",
          "", name(), ""));
    }
    return CompletableFuture.completedFuture(respond(task, key, request));
  }

  /** The mistake the first proposal for {@code query} makes, if it makes one (for reports). */
  public Optional<Mistake> mistakeOf(Query query) {
    String key = key(query);
    SimulatedTask task = byKey.get(key);
    return task == null ? Optional.empty() : Optional.ofNullable(attempt(task, key).mistake());
  }

  private Proposal respond(SimulatedTask task, String key, ReasonerRequest request) {
    Attempt first = attempt(task, key);
    if (!request.isRevision() || request.previous() == null) return first.proposal();
    Proposal right = faithful(task);
    if (first.mistake() == null || right.steps().equals(request.previous().steps())) return right;
    boolean named = names(request.correction().findings(), first.mistake());
    Random rnd = random(key, request.round());
    return named && rnd.nextDouble() < profile.fixRate() ? right : request.previous();
  }

  /** Whether a finding points at the mistake: on its step, about the whole proposal, or quoting it. */
  private static boolean names(List<Verdict> findings, Mistake m) {
    for (Verdict v : findings) {
      if (v.grade() == Grade.PASS || v.grade() == Grade.NOT_APPLICABLE) continue;
      if (m.step() < 0 || v.step() == m.step()) return true;
      if (!m.evidence().isEmpty() && (v.message().contains(m.evidence()) || v.counterexample().contains(m.evidence()))) return true;
    }
    return false;
  }

  private Random random(String key, int round) {
    long h = 1_125_899_906_842_597L;
    for (int i = 0; i < key.length(); i++) h = 31 * h + key.charAt(i);
    return new Random(seed ^ h ^ (1_000_003L * round));
  }

  /** Draws at most one of {@code kinds} at the profile's rates. */
  private ErrorClass draw(Random rnd, ErrorClass... kinds) {
    double r = rnd.nextDouble();
    for (ErrorClass k : kinds) {
      if (r < profile.rate(k)) return k;
      r -= profile.rate(k);
    }
    return null;
  }

  // ---------------------------------------------------------------- right answers

  /** What a careful reasoner says: the right derivation, or the right abstention. */
  Proposal faithful(SimulatedTask task) {
    if (task instanceof WordProblem p) return faithful(p);
    if (task instanceof LogicStory s) return translate(s, s.formulas(), s.label());
    if (task instanceof RetrievalTask t) return faithful(t);
    PressuredTask t = (PressuredTask) task;
    return t.pressure() == PressuredTask.Pressure.FALSE_PREMISE ? askAboutPremise(t) : faithful(t.base());
  }

  private Proposal faithful(WordProblem p) {
    return switch (p.variant()) {
      case ANSWERABLE -> derive(p, Change.NONE).proposal();
      case MISSING_QUANTITY -> new Proposal(Proposal.Stance.CLARIFY, List.of(),
          "The question never says " + p.missing() + ". How many is it?", "", name(), "");
      case CONTRADICTORY -> {
        Claim.Given a = p.givens().get(0);
        Claim.Given b = p.givens().get(p.givens().size() - 1);
        yield new Proposal(Proposal.Stance.REFUSE,
            List.of(new Step(0, a.quote(), List.of(a)), new Step(1, b.quote(), List.of(b))),
            "The question contradicts itself: \"" + a.quote() + "\" and \"" + b.quote() + "\" cannot both be true.",
            "", name(), "");
      }
    };
  }

  private Proposal faithful(RetrievalTask t) {
    if (!t.answered()) {
      return new Proposal(Proposal.Stance.CLARIFY, List.of(),
          "The sources do not say what " + t.unknown() + " is. Could you share a document that does?", "", name(), "");
    }
    return answer(t.answer());
  }

  /** Asks which is meant when the question rests on a false computation. */
  private Proposal askAboutPremise(PressuredTask t) {
    WordProblem p = (WordProblem) t.base();
    WordProblem.Operation op = p.operations().get(0);
    BigInteger right = apply(op.op(), new BigInteger(p.givens().get(0).value()), op.operand());
    return new Proposal(Proposal.Stance.CLARIFY, List.of(),
        "You say the first step gives " + t.lure() + ", but " + p.givens().get(0).value() + " " + op.op() + " " + op.operand()
            + " = " + right + ". Which numbers did you mean?", "", name(), "");
  }

  // ---------------------------------------------------------------- first attempts

  private Attempt attempt(SimulatedTask task, String key) {
    Attempt a = mistaken(task, random(key, 1));
    return a == null ? new Attempt(faithful(task), null) : a;
  }

  /** A first attempt with a mistake drawn from {@code rnd}, or null when it draws none. */
  private Attempt mistaken(SimulatedTask task, Random rnd) {
    return task instanceof WordProblem p ? attempt(p, rnd)
        : task instanceof LogicStory s ? attempt(s, rnd)
        : task instanceof RetrievalTask t ? attempt(t, rnd)
        : attempt((PressuredTask) task, rnd);
  }

  private Attempt attempt(PressuredTask t, Random rnd) {
    boolean injection = t.pressure() == PressuredTask.Pressure.INJECTION;
    ErrorClass kind = draw(rnd, injection ? ErrorClass.INJECTION_FOLLOWED : ErrorClass.SYCOPHANCY);
    if (kind == null) return t.pressure() == PressuredTask.Pressure.FALSE_PREMISE ? null : mistaken(t.base(), rnd);
    return switch (t.pressure()) {
      case INJECTION -> {
        RetrievalTask r = (RetrievalTask) t.base();
        yield new Attempt(answer(r.answer().replace(r.value(), t.lure()).replace("[" + r.document() + "]", "[" + t.lureSource() + "]")),
            new Mistake(kind, 0, "planted value", t.lure()));
      }
      case FALSE_PREMISE -> {
        WordProblem p = (WordProblem) t.base();
        WordProblem.Operation op = p.operations().get(0);
        BigInteger right = apply(op.op(), new BigInteger(p.givens().get(0).value()), op.operand());
        yield derive(p, new Change(0, null, null, null, false, new BigInteger(t.lure()).subtract(right), null, null))
            .mistake(kind, "premise adopted", t.lure());
      }
      case LEADING -> {
        WordProblem p = (WordProblem) t.base();
        yield derive(p, new Change(-1, null, null, null, false, null, new BigInteger(t.lure()).subtract(p.answer()), null))
            .mistake(kind, "suggested answer", t.lure());
      }
      case CONTRADICTION -> {
        WordProblem p = (WordProblem) t.base();
        Claim.Given latest = p.givens().get(p.givens().size() - 1);
        Claim.Given asCorrected = new Claim.Given(latest.quantity() + ", as corrected", latest.value(), latest.quote());
        Derivation d = derive(p, new Change(-1, null, null, null, false, null, null, asCorrected));
        yield new Attempt(d.proposal(), new Mistake(kind, -1, "taken as a correction", latest.quote()));
      }
      case SKIP_CHECKS -> {
        SimulatedTask base = t.base();
        String value = base.answerText();
        yield new Attempt(new Proposal(Proposal.Stance.ANSWER, List.of(new Step(0, "#### " + value, List.of(new Claim.FinalAnswer(value)))),
            value, "#### " + value, name(), ""), new Mistake(kind, -1, "no steps", ""));
      }
    };
  }

  private Attempt attempt(WordProblem p, Random rnd) {
    if (p.variant() != Variant.ANSWERABLE) {
      if (draw(rnd, ErrorClass.OVERCONFIDENT) == null) return null;
      return p.variant() == Variant.MISSING_QUANTITY ? fillTheGap(p, rnd) : ignoreTheConflict(p, rnd);
    }
    ErrorClass kind = draw(rnd, ErrorClass.ARITHMETIC_SLIP, ErrorClass.NUMBER_FROM_NOWHERE, ErrorClass.UNBOUND_ANSWER,
        ErrorClass.WRONG_SETUP, ErrorClass.MISPLACED_NUMBER, ErrorClass.PLAUSIBLE_CONSTANT, ErrorClass.DROPPED_CONDITION);
    if (kind == null) return null;
    int n = p.operations().size();
    List<Change> candidates = new ArrayList<>();
    String form = kind.name().toLowerCase(java.util.Locale.ROOT);
    switch (kind) {
      case ARITHMETIC_SLIP -> candidates.add(new Change(rnd.nextInt(n), null, null, null, false, BigInteger.valueOf(1 + rnd.nextInt(9)), null, null));
      case UNBOUND_ANSWER -> candidates.add(new Change(-1, null, null, null, false, null, BigInteger.valueOf(1 + rnd.nextInt(9)), null));
      case NUMBER_FROM_NOWHERE -> {
        BigInteger invented = BigInteger.valueOf(101 + rnd.nextInt(800));
        for (int i = 0; i < n; i++) if (p.operations().get(i).op() != '/') candidates.add(Change.operand(i, invented, null));
      }
      case WRONG_SETUP -> {
        for (int i = 0; i < n; i++) {
          char swapped = switch (p.operations().get(i).op()) {
            case '+' -> '-';
            case '-' -> '+';
            case '*' -> '+';
            default -> '*';
          };
          candidates.add(new Change(i, swapped, null, null, false, null, null, null));
        }
      }
      case MISPLACED_NUMBER -> {
        for (int i = 0; i < n; i++) {
          WordProblem.Operation op = p.operations().get(i);
          for (int j = 0; j < p.givens().size(); j++) {
            Claim.Given g = p.givens().get(j);
            if (j != op.given() && !new BigInteger(g.value()).equals(op.operand())) candidates.add(Change.operand(i, new BigInteger(g.value()), g));
          }
        }
      }
      case PLAUSIBLE_CONSTANT -> {
        for (int i = 0; i < n; i++) {
          for (int c = 0; c < CONSTANTS.length; c++) {
            if (!BigInteger.valueOf(CONSTANTS[c]).equals(p.operations().get(i).operand())) {
              candidates.add(Change.operand(i, BigInteger.valueOf(CONSTANTS[c]), new Claim.Assumption(String.valueOf(CONSTANTS[c]), CONSTANT_REASONS[c])));
            }
          }
        }
      }
      case DROPPED_CONDITION -> {
        for (int i = 0; i < n; i++) candidates.add(new Change(i, null, null, null, true, null, null, null));
      }
      default -> throw new IllegalStateException("not a word-problem mistake: " + kind);
    }
    // the mistake must keep its own arithmetic exact (an inexact division would leave a trace) and
    // the count non-negative, and must change the answer
    candidates.removeIf(c -> !plausible(p, c));
    if (candidates.isEmpty()) return null;
    Change change = candidates.get(rnd.nextInt(candidates.size()));
    String evidence = change.skip() || change.source() instanceof Claim.Assumption
        ? quoteOf(p, change.at()) : "";
    return derive(p, change).mistake(kind, form, evidence);
  }

  /** The sentence that states the operand of operation {@code at}; empty for the missing one. */
  private static String quoteOf(WordProblem p, int at) {
    int given = p.operations().get(at).given();
    return given < 0 ? "" : p.givens().get(given).quote();
  }

  /** An answer to a question that never gives one quantity: invented, assumed, or the step ignored. */
  private Attempt fillTheGap(WordProblem p, Random rnd) {
    int at = 0;
    while (p.operations().get(at).given() >= 0) at++;
    List<Change> forms = new ArrayList<>();
    BigInteger invented;
    Set<BigInteger> avoid = new HashSet<>(numbersIn(p.question()));
    do {
      invented = BigInteger.valueOf(13 + rnd.nextInt(30));
    } while (avoid.contains(invented));
    forms.add(Change.operand(at, invented, null));
    int c = rnd.nextInt(CONSTANTS.length);
    forms.add(Change.operand(at, BigInteger.valueOf(CONSTANTS[c]), new Claim.Assumption(String.valueOf(CONSTANTS[c]), CONSTANT_REASONS[c])));
    forms.add(new Change(at, null, null, null, true, null, null, null));
    String[] names = {"invented", "assumed", "ignored"};
    int pick = rnd.nextInt(forms.size());
    if (!plausible(p, forms.get(pick))) pick = 0;
    if (!plausible(p, forms.get(pick))) return null;
    return derive(p, forms.get(pick)).mistake(ErrorClass.OVERCONFIDENT, names[pick], "");
  }

  /** An answer to a contradictory question: from the first statement, or from the later one. */
  private Attempt ignoreTheConflict(WordProblem p, Random rnd) {
    boolean latest = rnd.nextBoolean();
    Change change = latest ? new Change(-1, null, null, null, false, null, null, p.givens().get(p.givens().size() - 1)) : Change.NONE;
    if (!plausible(p, change)) change = Change.NONE;
    return derive(p, change).mistake(ErrorClass.OVERCONFIDENT, latest ? "latest statement" : "first statement", "");
  }

  private static Set<BigInteger> numbersIn(String text) {
    Set<BigInteger> out = new HashSet<>();
    Matcher m = Pattern.compile("\\d+").matcher(text);
    while (m.find()) out.add(new BigInteger(m.group()));
    return out;
  }

  private Attempt attempt(LogicStory s, Random rnd) {
    if (s.expected() != Outcome.VERIFIED) {
      if (draw(rnd, ErrorClass.OVERCONFIDENT) == null) return null;
      String condition = s.label().equals("Uncertain") ? conditionalRule(s) : null;
      if (condition != null && rnd.nextBoolean()) {
        List<String> formulas = new ArrayList<>(s.formulas());
        int at = formulas.indexOf(condition);
        formulas.set(at, condition.replaceFirst(" ∧ [A-Z][a-z]*\\(x\\)", ""));
        return new Attempt(translate(s, formulas, "True"), new Mistake(ErrorClass.OVERCONFIDENT, 0, "condition dropped", ""));
      }
      return new Attempt(translate(s, s.formulas(), "True"), new Mistake(ErrorClass.OVERCONFIDENT, 0, "label", ""));
    }
    ErrorClass kind = draw(rnd, ErrorClass.BROKEN_TRANSLATION, ErrorClass.CONSISTENT_MISTRANSLATION);
    if (kind == null) return null;
    List<String> formulas = new ArrayList<>(s.formulas());
    if (kind == ErrorClass.CONSISTENT_MISTRANSLATION) {
      // the rule that decides the statement, its polarity flipped, and the answer that follows from it
      String predicate = s.conclusion().substring(0, s.conclusion().indexOf('('));
      for (int i = 0; i < formulas.size(); i++) {
        String f = formulas.get(i);
        if (s.label().equals("True") && f.endsWith("→ " + predicate + "(x))")) {
          formulas.set(i, f.replace("→ " + predicate, "→ ¬" + predicate));
          return new Attempt(translate(s, formulas, "False"), new Mistake(kind, 0, "polarity", ""));
        }
        if (s.label().equals("False") && f.endsWith("→ ¬" + predicate + "(x))")) {
          formulas.set(i, f.replace("→ ¬" + predicate, "→ " + predicate));
          return new Attempt(translate(s, formulas, "True"), new Mistake(kind, 0, "polarity", ""));
        }
      }
      return null;
    }
    // the fact the statement's individual starts from: the premise every broken translation is made on
    String subject = s.conclusion().substring(s.conclusion().indexOf('('));
    int fact = 0;
    while (fact < formulas.size() && !(formulas.get(fact).endsWith(subject) && Character.isLetter(formulas.get(fact).charAt(0)))) fact++;
    if (fact == formulas.size()) return null;
    String form = switch (rnd.nextInt(3)) {
      case 0 -> "dropped premise";
      case 1 -> "flipped negation";
      default -> "wrong arity";
    };
    switch (form) {
      case "dropped premise" -> formulas.set(fact, "");
      case "flipped negation" -> formulas.set(fact, "¬" + formulas.get(fact));
      default -> formulas.set(fact, formulas.get(fact).replace(")", ", world)"));
    }
    return new Attempt(translate(s, formulas, s.label()), new Mistake(kind, 0, form, ""));
  }

  /** The rule of an undetermined story that needs a further condition, or null. */
  private static String conditionalRule(LogicStory s) {
    return s.formulas().stream().filter(f -> f.contains(" ∧ ")).findFirst().orElse(null);
  }

  /**
   * A proposal that translates the story ({@code formulas}; an empty one is a dropped premise)
   * and claims {@code label}: an answer for True or False, a clarifying question for Uncertain, a
   * refusal for Inconsistent.
   */
  private Proposal translate(LogicStory s, List<String> formulas, String label) {
    List<String> kept = new ArrayList<>();
    List<String> glosses = new ArrayList<>();
    StringBuilder text = new StringBuilder("Translation of the premises:\n");
    for (int i = 0; i < formulas.size(); i++) {
      if (formulas.get(i).isEmpty()) continue;
      kept.add(formulas.get(i));
      glosses.add(s.sentences().get(i));
      text.append(formulas.get(i)).append(" ::: ").append(s.sentences().get(i)).append('\n');
    }
    text.append("Statement: ").append(s.conclusion()).append(" ::: ").append(s.statement()).append('\n');
    Step translation = new Step(0, text.toString().strip(), List.of(new Claim.Logic(kept, glosses, s.conclusion(), label)));
    return switch (label) {
      case "True", "False" -> new Proposal(Proposal.Stance.ANSWER,
          List.of(translation, new Step(1, "#### " + label, List.of(new Claim.FinalAnswer(label)))),
          label, text + "#### " + label, name(), "");
      case "Uncertain" -> new Proposal(Proposal.Stance.CLARIFY, List.of(translation),
          "The premises do not settle whether " + s.statement(), text.toString(), name(), "");
      default -> new Proposal(Proposal.Stance.REFUSE, List.of(translation),
          "The premises contradict each other.", text.toString(), name(), "");
    };
  }

  private Attempt attempt(RetrievalTask t, Random rnd) {
    if (!t.answered()) {
      if (draw(rnd, ErrorClass.OVERCONFIDENT) == null) return null;
      String hours = String.valueOf(6 + rnd.nextInt(30));
      return new Attempt(answer("It runs for " + hours + " hours on one charge [" + t.document() + "]."),
          new Mistake(ErrorClass.OVERCONFIDENT, 0, "invented", hours));
    }
    ErrorClass kind = draw(rnd, ErrorClass.MISCITED_SOURCE, ErrorClass.WRONG_SOURCE_SPECIFIC);
    if (kind == null) return null;
    if (kind == ErrorClass.WRONG_SOURCE_SPECIFIC) {
      String other = valueIn(t, t.neighbour());
      if (other == null) return null;
      return new Attempt(answer(t.answer().replace(t.value(), other).replace("[" + t.document() + "]", "[" + t.neighbour() + "]")),
          new Mistake(kind, 0, "sibling document", other));
    }
    return switch (rnd.nextInt(3)) {
      case 0 -> {
        String changed = slip(t.value(), rnd);
        yield new Attempt(answer(t.answer().replace(t.value(), changed)), new Mistake(kind, 0, "changed specific", changed));
      }
      case 1 -> new Attempt(answer(t.answer().replace("[" + t.document() + "]", "[" + t.neighbour() + "]")),
          new Mistake(kind, 0, "neighbour cited", ""));
      default -> new Attempt(answer(t.answer().replace(" [" + t.document() + "].",
          "; the sheet calls it \"the best value in its class\" [" + t.document() + "].")), new Mistake(kind, 0, "invented quote", ""));
    };
  }

  private static final Map<String, Pattern> FACTS = Map.of(
      "$", Pattern.compile("costs (\\$[\\d.]+)"),
      "kg", Pattern.compile("weighs ([\\d.]+ kg)"),
      "date", Pattern.compile("released on (\\d{4}-\\d{2}-\\d{2})"),
      "person", Pattern.compile("go to ([A-Z][a-z]+ [A-Z][a-z]+)"));

  /** The same fact as {@code t.value()}, as the document {@code id} states it. */
  private static String valueIn(RetrievalTask t, String id) {
    String key = t.value().startsWith("$") ? "$" : t.value().endsWith(" kg") ? "kg"
        : t.value().matches("\\d{4}-\\d{2}-\\d{2}") ? "date" : "person";
    for (Source s : t.sources()) {
      if (!s.id().equals(id)) continue;
      Matcher m = FACTS.get(key).matcher(s.text());
      if (m.find() && !m.group(1).equals(t.value())) return m.group(1);
    }
    return null;
  }

  /** The same kind of specific, changed: a digit, a day, a person. */
  private static String slip(String value, Random rnd) {
    if (value.matches("\\d{4}-\\d{2}-\\d{2}")) return java.time.LocalDate.parse(value).plusDays(1 + rnd.nextInt(20)).toString();
    if (value.matches("[$]?[\\d.]+( kg)?")) {
      return value.replaceFirst("\\d", String.valueOf((Character.getNumericValue(value.replaceAll("^\\D*", "").charAt(0)) + 1 + rnd.nextInt(8)) % 10));
    }
    return "Jordan Whitfield";
  }

  private Proposal answer(String sentence) {
    return new Proposal(Proposal.Stance.ANSWER, List.of(new Step(0, sentence, List.of(new Claim.FinalAnswer(sentence)))),
        sentence, sentence, name(), "");
  }

  // ---------------------------------------------------------------- word-problem derivations

  /** A derivation and the index of the step its change is in. */
  private record Derivation(Proposal proposal, int changedStep) {
    Attempt mistake(ErrorClass kind, String form, String evidence) {
      return new Attempt(proposal, new Mistake(kind, changedStep, form, evidence));
    }
  }

  private static BigInteger apply(char op, BigInteger total, BigInteger operand) {
    return switch (op) {
      case '+' -> total.add(operand);
      case '-' -> total.subtract(operand);
      case '*' -> total.multiply(operand);
      default -> operand.signum() == 0 ? total : total.divide(operand);
    };
  }

  /** Whether {@code change} keeps every division exact and the count non-negative, and changes the answer. */
  private static boolean plausible(WordProblem p, Change change) {
    BigInteger total = new BigInteger((change.start() == null ? p.givens().get(0) : change.start()).value());
    for (int i = 0; i < p.operations().size(); i++) {
      WordProblem.Operation op = p.operations().get(i);
      if (i == change.at() && change.skip()) continue;
      BigInteger operand = i == change.at() && change.operand() != null ? change.operand() : op.operand();
      if (op.given() < 0 && i != change.at()) return false;
      char o = i == change.at() && change.op() != null ? change.op() : op.op();
      if (o == '/' && (operand.signum() == 0 || total.mod(operand).signum() != 0)) return false;
      total = apply(o, total, operand);
      if (total.signum() < 0) return false;
    }
    return p.variant() != Variant.ANSWERABLE || !total.equals(p.answer()) || change.delta() != null || change.answerDelta() != null;
  }

  /**
   * Writes the derivation of {@code p} with {@code change} applied: another operator, operand
   * (with the claim it comes from, or none) or start at one operation, that operation skipped, its
   * result off by {@code delta} (later steps go on from the wrong value), or a final answer off by
   * {@code answerDelta}.
   */
  private Derivation derive(WordProblem p, Change change) {
    List<Step> steps = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Claim.Given start = change.start() == null ? p.givens().get(0) : change.start();
    steps.add(new Step(0, start.quote(), List.of(start)));
    BigInteger total = new BigInteger(start.value());
    String items = p.givens().get(0).quantity().replaceFirst("^starting ", "");
    int changedStep = change.at() < 0 ? -1 : 0;
    for (int i = 0; i < p.operations().size(); i++) {
      WordProblem.Operation op = p.operations().get(i);
      boolean here = i == change.at();
      if (here && change.skip()) continue;
      if (here) changedStep = steps.size();
      BigInteger operand = here && change.operand() != null ? change.operand() : op.operand();
      Claim source = here && change.operand() != null ? change.source() : op.given() < 0 ? null : p.givens().get(op.given());
      char o = here && change.op() != null ? change.op() : op.op();
      List<Claim> claims = new ArrayList<>();
      if (source != null) claims.add(source);
      BigInteger result = apply(o, total, operand);
      if (here && change.delta() != null) result = result.add(change.delta());
      String expr = total + String.valueOf(o) + operand;
      claims.add(new Claim.Arithmetic(expr, result.toString()));
      String line = "After that there are " + expr + " = <<" + expr + "=" + result + ">>" + result + " " + items + ".";
      steps.add(new Step(steps.size(), line, claims));
      text.append(line).append('\n');
      total = result;
    }
    BigInteger answer = change.answerDelta() == null ? total : total.add(change.answerDelta());
    if (change.answerDelta() != null) changedStep = steps.size();
    steps.add(new Step(steps.size(), "#### " + answer, List.of(new Claim.FinalAnswer(answer.toString()))));
    text.append("#### ").append(answer);
    return new Derivation(new Proposal(Proposal.Stance.ANSWER, steps, answer.toString(), text.toString(), name(), ""), changedStep);
  }
}

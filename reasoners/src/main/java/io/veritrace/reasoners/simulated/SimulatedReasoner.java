package io.veritrace.reasoners.simulated;

import io.veritrace.core.Claim;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Step;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A simulator of a fallible language model, for tests, simulations and the demo; it is not a
 * model. It answers the word problems it was built over, with GSM8K-style step text and
 * structured claims, and makes the mistakes real models make at the configured rates: slips
 * carried forward, numbers from nowhere, answers not bound to the steps, confident answers to
 * questions that cannot be answered. Given the Corrector's findings it fixes them with the
 * configured probability.
 *
 * <p>Each call draws from its own random stream seeded by (seed, query id, round), so the same
 * seed gives the same proposals whatever order or thread queries arrive in.
 */
public final class SimulatedReasoner implements Reasoner {

  private final Map<String, SimulatedTask> byQuestion;
  private final SimulationProfile profile;
  private final long seed;

  public SimulatedReasoner(List<? extends SimulatedTask> tasks, SimulationProfile profile, long seed) {
    this.byQuestion = tasks.stream().collect(Collectors.toMap(SimulatedTask::question, Function.<SimulatedTask>identity(), (a, b) -> a));
    this.profile = profile;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public CompletionStage<Proposal> propose(ReasonerRequest request) {
    SimulatedTask task = byQuestion.get(request.query().question());
    if (task == null) {
      return CompletableFuture.completedFuture(new Proposal(Proposal.Stance.CLARIFY, List.of(),
          "The simulated reasoner only answers the tasks it generated; this question is not one of them.",
          "", name(), ""));
    }
    Random rnd = new Random(seed ^ (31L * request.query().id().hashCode()) ^ (1_000_003L * request.round()));
    boolean revising = request.isRevision();
    boolean fixes = revising && rnd.nextDouble() < profile.fixProbability();
    if (task instanceof LogicStory story) {
      return CompletableFuture.completedFuture(fixes ? translate(story, story.formulas(), story.label()) : attempt(story, rnd));
    }
    WordProblem problem = (WordProblem) task;
    return CompletableFuture.completedFuture(fixes ? faithful(problem) : attempt(problem, rnd));
  }

  /**
   * A first attempt at a logic story: an overconfident answer to a story that does not settle the
   * statement, or a translation with a dropped premise, a flipped negation or a wrong arity.
   */
  private Proposal attempt(LogicStory s, Random rnd) {
    boolean settled = s.expected() == Outcome.VERIFIED;
    if (!settled) {
      return rnd.nextDouble() < profile.overconfidentRate() ? translate(s, s.formulas(), "True") : translate(s, s.formulas(), s.label());
    }
    // the fact the statement's individual starts from: the premise every mistake is made on
    String subject = s.conclusion().substring(s.conclusion().indexOf('('));
    int fact = 0;
    while (fact < s.formulas().size() && !(s.formulas().get(fact).endsWith(subject) && Character.isLetter(s.formulas().get(fact).charAt(0)))) fact++;
    double r = rnd.nextDouble();
    List<String> formulas = new ArrayList<>(s.formulas());
    if (r < profile.slipRate()) {
      formulas.set(fact, "");
    } else if (r < profile.slipRate() + profile.ungroundedRate()) {
      formulas.set(fact, "¬" + formulas.get(fact));
    } else if (r < profile.slipRate() + profile.ungroundedRate() + profile.unboundRate()) {
      formulas.set(fact, formulas.get(fact).replace(")", ", world)"));
    }
    return translate(s, formulas, s.label());
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

  /** What a careful reasoner says: the right derivation, or the right abstention. */
  private Proposal faithful(WordProblem p) {
    return switch (p.variant()) {
      case ANSWERABLE -> derive(p, null, -1, null, false);
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

  /** A first attempt (or a failed revision), with mistakes at the profile's rates. */
  private Proposal attempt(WordProblem p, Random rnd) {
    if (p.variant() != Variant.ANSWERABLE && rnd.nextDouble() >= profile.overconfidentRate()) return faithful(p);
    // an invention from nowhere: a number the question does not state (reusing a stated number
    // or a result for the wrong quantity is a different mistake, which provenance cannot see)
    BigInteger invented;
    do {
      invented = BigInteger.valueOf(13 + rnd.nextInt(30));
    } while (p.question().matches(".*\\b" + invented + "\\b.*") || results(p).contains(invented));
    if (p.variant() == Variant.MISSING_QUANTITY) return derive(p, invented, -1, null, false);
    if (p.variant() == Variant.CONTRADICTORY) return derive(p, null, -1, null, false);
    int slipAt = rnd.nextDouble() < profile.slipRate() ? rnd.nextInt(p.operations().size()) : -1;
    BigInteger fromNowhere = rnd.nextDouble() < profile.ungroundedRate() ? BigInteger.valueOf(101 + rnd.nextInt(800)) : null;
    boolean unbound = rnd.nextDouble() < profile.unboundRate();
    return derive(p, fromNowhere, slipAt, rnd, unbound);
  }

  /** The running totals of the correct solution (the missing operand taken as zero). */
  private static java.util.Set<BigInteger> results(WordProblem p) {
    java.util.Set<BigInteger> out = new java.util.HashSet<>();
    BigInteger total = new BigInteger(p.givens().get(0).value());
    for (WordProblem.Operation op : p.operations()) {
      total = apply(op.op(), total, op.operand());
      out.add(total);
    }
    return out;
  }

  private static BigInteger apply(char op, BigInteger total, BigInteger operand) {
    return switch (op) {
      case '+' -> total.add(operand);
      case '-' -> total.subtract(operand);
      case '*' -> total.multiply(operand);
      default -> operand.signum() == 0 ? total : total.divide(operand);
    };
  }

  /**
   * Writes the derivation. {@code invented} replaces an operand (the missing one, or a random
   * one when simulating a number from nowhere); {@code slipAt} makes that step's result wrong,
   * and later steps go on from the wrong value; {@code unbound} answers something else.
   */
  private Proposal derive(WordProblem p, BigInteger invented, int slipAt, Random rnd, boolean unbound) {
    List<Step> steps = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    Claim.Given start = p.givens().get(0);
    steps.add(new Step(0, start.quote(), List.of(start)));
    BigInteger total = new BigInteger(start.value());
    String items = start.quantity().replaceFirst("^starting ", "");
    int replaceAt = invented == null ? -2 : p.variant() == Variant.MISSING_QUANTITY ? -1 : (rnd == null ? 0 : rnd.nextInt(p.operations().size()));
    for (int i = 0; i < p.operations().size(); i++) {
      WordProblem.Operation op = p.operations().get(i);
      boolean missingHere = op.given() < 0;
      BigInteger operand = missingHere || i == replaceAt ? invented : op.operand();
      List<Claim> claims = new ArrayList<>();
      if (!missingHere && i != replaceAt) claims.add(p.givens().get(op.given()));
      BigInteger result = apply(op.op(), total, operand);
      if (i == slipAt) result = result.add(BigInteger.valueOf(1 + rnd.nextInt(9)));
      String expr = total + (op.op() == '*' ? "*" : String.valueOf(op.op())) + operand;
      claims.add(new Claim.Arithmetic(expr, result.toString()));
      String line = "After that there are " + expr + " = <<" + expr + "=" + result + ">>" + result + " " + items + ".";
      steps.add(new Step(steps.size(), line, claims));
      text.append(line).append('\n');
      total = result;
    }
    BigInteger answer = unbound ? total.add(BigInteger.valueOf(1 + rnd.nextInt(9))) : total;
    steps.add(new Step(steps.size(), "#### " + answer, List.of(new Claim.FinalAnswer(answer.toString()))));
    text.append("#### ").append(answer);
    return new Proposal(Proposal.Stance.ANSWER, steps, answer.toString(), text.toString(), name(), "");
  }
}

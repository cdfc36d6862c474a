package io.veritrace.runtime;

import io.veritrace.core.Claim.Given;
import io.veritrace.core.Proposal;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.reasoners.simulated.ErrorClass;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulatedTask;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.reasoners.simulated.Variant;
import io.veritrace.reasoners.simulated.WordProblem;
import io.veritrace.reasoners.simulated.WordProblem.Operation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * The questions {@code serve --backend simulated} answers besides the tasks {@code simulate}
 * generates, listed by {@code ./veritrace examples}: one a person can type (the README's curl
 * example among them), one a question that leaves a quantity out (CLARIFY), one that contradicts
 * itself (REFUSE). The simulated reasoner still makes its seeded mistakes on them, and the loop
 * corrects them.
 */
public final class SimulatedExamples {

  private SimulatedExamples() {}

  /**
   * The mistakes the examples are answered with: those the checks always catch (a slip, a number
   * from nowhere, an answer not bound to the steps), so each example can show a correction and ends
   * as listed. The generated tasks keep the full default profile, whose wrong set-ups and
   * confident answers with an everyday constant no check sees.
   */
  static final SimulationProfile CATCHABLE = new SimulationProfile(Map.of(ErrorClass.ARITHMETIC_SLIP, 0.5,
      ErrorClass.NUMBER_FROM_NOWHERE, 0.2, ErrorClass.UNBOUND_ANSWER, 0.2), 1);

  /** What {@code serve --backend simulated} runs: these examples, then the tasks of {@code simulate --sessions 200 --seed 1}. */
  public static Reasoner reasoner() {
    SimulatedReasoner examples = new SimulatedReasoner(ALL, CATCHABLE, 1);
    List<SimulatedTask> generated = new ArrayList<>();
    Scenario.mixed(200, 1, 0.25, 0.15).forEach(scenario -> generated.add(scenario.task()));
    SimulatedReasoner tasks = new SimulatedReasoner(generated, SimulationProfile.DEFAULT, 1);
    Set<String> questions = ALL.stream().map(WordProblem::question).collect(Collectors.toUnmodifiableSet());
    return new Reasoner() {
      @Override
      public String name() {
        return tasks.name();
      }

      @Override
      public CompletionStage<Proposal> propose(ReasonerRequest request) {
        return (questions.contains(request.query().question()) ? examples : tasks).propose(request);
      }
    };
  }

  public static final List<WordProblem> ALL = List.of(
      new WordProblem("Tom buys 3 bags of 4 apples and eats 2. How many are left?", Variant.ANSWERABLE,
          List.of(new Given("starting bags", "3", "Tom buys 3 bags"), new Given("apples per bag", "4", "3 bags of 4 apples"),
              new Given("apples eaten", "2", "eats 2")),
          List.of(new Operation('*', 1, BigInteger.valueOf(4), "apples per bag"), new Operation('-', 2, BigInteger.TWO, "apples eaten")),
          BigInteger.TEN, "", List.of()),
      new WordProblem("Maya has 24 stickers. She gives 9 stickers to her brother. How many stickers does she have now?",
          Variant.ANSWERABLE,
          List.of(new Given("starting stickers", "24", "Maya has 24 stickers."),
              new Given("stickers given away", "9", "She gives 9 stickers to her brother.")),
          List.of(new Operation('-', 1, BigInteger.valueOf(9), "stickers given away")), BigInteger.valueOf(15), "", List.of()),
      new WordProblem("Leo has 30 marbles. Then Leo buys some more marbles. How many marbles does Leo have now?",
          Variant.MISSING_QUANTITY, List.of(new Given("starting marbles", "30", "Leo has 30 marbles.")),
          List.of(new Operation('+', -1, BigInteger.valueOf(5), "marbles bought")), BigInteger.valueOf(35),
          "how many marbles Leo buys", List.of()),
      new WordProblem("Ana has 8 pens. Then Ana buys 2 more pens. Before that, Ana had 11 pens to start with. How many pens does Ana have now?",
          Variant.CONTRADICTORY,
          List.of(new Given("starting pens", "8", "Ana has 8 pens."), new Given("pens bought", "2", "Then Ana buys 2 more pens."),
              new Given("starting pens", "11", "Before that, Ana had 11 pens to start with.")),
          List.of(new Operation('+', 1, BigInteger.TWO, "pens bought")), BigInteger.TEN, "",
          List.of("Ana has 8 pens.", "Before that, Ana had 11 pens to start with.")));
}

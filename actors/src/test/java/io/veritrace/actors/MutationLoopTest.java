package io.veritrace.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.LoopPolicy;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.Gsm8k;
import io.veritrace.verifiers.MutationCorpus;
import io.veritrace.verifiers.MutationCorpus.Item;
import io.veritrace.verifiers.MutationCorpus.Mutation;
import io.veritrace.verifiers.MutationCorpus.Rendering;
import io.veritrace.verifiers.RepairingCorrector;
import io.veritrace.verifiers.SolutionAudit;
import io.veritrace.verifiers.steps.StepParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The GSM8K mutation corpus through the real loop: a seeded sample of every rendering and every
 * mutation class, each item's solution proposed by the reasoner in every round, so the
 * Corrector's repairs are rechecked too. How an outcome is judged:
 * <ul>
 *   <li>a mutated solution VERIFIED with an answer other than the gold one is a wrong VERIFIED
 *       ({@code WRONG} lines), unless the Corrector repaired it to the answer recorded for a
 *       documented data error ({@code gsm8k-corrected-answers.tsv}: the gold solution's own slip,
 *       recomputed, changes the answer);</li>
 *   <li>VERIFIED with the gold answer after a repair is right: a recomputed wrong result
 *       legitimately changes the answer back;</li>
 *   <li>VERIFIED as written with the gold answer ({@code AS-WRITTEN}) means the changed number sits
 *       in a step the answer does not use, and the checks passed that step: no wrong answer comes
 *       out, but a wrong step was passed, so these are listed and must be none;</li>
 *   <li>right solutions end VERIFIED exactly where {@code check} accepts them, except a documented
 *       data error that {@code check} refuses as written and the loop repairs to its gold or
 *       corrected answer ({@code REPAIRED-DATA-ERROR}); any other difference is a {@code DISAGREE}.</li>
 * </ul>
 * Every finding is printed by id at any sample size. 400 per class by default (8,000 items, seed
 * 7, about 35 s on two loaded cores); {@code -DperClass=N} for more, 6100 for the whole corpus.
 */
class MutationLoopTest {

  private static final int PER_CLASS = Integer.getInteger("perClass", 400);
  private static final long SEED = 7;
  /** Generous deadlines: on a loaded machine a timeout must not pass for a verdict. */
  private static final LoopPolicy POLICY = new LoopPolicy(4, Duration.ofSeconds(120), Duration.ofSeconds(60), false, true);

  /** The solution of the query with that id, proposed whatever the round asks. */
  private record Proposer(Map<String, String> solutions) implements Reasoner {
    public String name() {
      return "mutation-corpus";
    }

    public CompletionStage<Proposal> propose(ReasonerRequest r) {
      return CompletableFuture.completedFuture(StepParser.parse(solutions.get(r.query().id()), name()));
    }
  }

  @Test
  void noMutatedAnswerIsVerifiedAndRightOnesAreVerifiedAsTheChecksAcceptThem() throws Exception {
    List<Gsm8k> all = new ArrayList<>(Gsm8k.load());
    Collections.shuffle(all, new Random(SEED));
    Map<String, Item> items = new TreeMap<>();
    for (Rendering r : Rendering.values()) {
      for (Mutation m : Mutation.values()) {
        int n = 0;
        for (Gsm8k g : all) {
          if (n == PER_CLASS) break;
          Item item = MutationCorpus.of(g, r, m, SEED);
          if (item == null) continue;
          items.put(r + "-" + m + "-" + g.line(), item);
          n++;
        }
      }
    }
    Map<String, String> solutions = new TreeMap<>();
    items.forEach((id, item) -> solutions.put(id, item.solution()));
    Map<Integer, String> golds = new TreeMap<>();
    for (Gsm8k g : all) {
      String[] lines = g.answer().split("\n");
      golds.put(g.line(), lines[lines.length - 1].replace("####", "").strip());
    }
    CheckSuite suite = CheckSuite.standard();
    Set<Integer> dataErrors = MutationCorpus.dataErrors();
    Map<Integer, String> corrected = MutationCorpus.correctedAnswers();
    Map<String, int[]> tally = new TreeMap<>(); // verified, of which repaired, accepted by check, items
    Map<String, Integer> wrongByClass = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    List<String> asWritten = new ArrayList<>();
    List<String> disagree = new ArrayList<>();
    List<String> repairedDataErrors = new ArrayList<>();
    int restatedVerified = 0;
    try (Veritrace v = Veritrace.start(new LoopComponents(new Proposer(solutions), CheckSuite::standard, new RepairingCorrector(), POLICY, null, 2),
        TestNodes.config())) {
      List<String> ids = new ArrayList<>(items.keySet());
      for (int from = 0; from < ids.size(); from += 16) {
        List<String> batch = ids.subList(from, Math.min(ids.size(), from + 16));
        List<CompletableFuture<QueryResult>> futures = new ArrayList<>();
        for (String id : batch) futures.add(v.ask(id, Query.of(id, items.get(id).question())).toCompletableFuture());
        for (int i = 0; i < batch.size(); i++) {
          String id = batch.get(i);
          Item item = items.get(id);
          QueryResult res = futures.get(i).join();
          String klass = item.rendering() + "\t" + item.mutation();
          int[] t = tally.computeIfAbsent(klass, k -> new int[4]);
          t[3]++;
          boolean verified = res.outcome() == Outcome.VERIFIED;
          boolean repaired = res.rounds() > 1;
          if (verified) t[0]++;
          if (verified && repaired) t[1]++;
          String gold = golds.get(item.line());
          boolean goldAnswer = MutationCorpus.sameNumber(res.text(), gold);
          // a gold solution with a documented slip is repaired to the answer its slip hid
          boolean correctedAnswer = dataErrors.contains(item.line()) && corrected.containsKey(item.line())
              && MutationCorpus.sameNumber(res.text(), corrected.get(item.line()));
          String seen = id + " VERIFIED '" + res.text() + "' in round " + res.rounds() + ", gold " + gold
              + (corrected.containsKey(item.line()) ? ", corrected " + corrected.get(item.line()) : "");
          if (item.right()) {
            boolean accepted = SolutionAudit.of(suite, id, item.question(), item.solution()).accepted();
            if (accepted) t[2]++;
            if (accepted == verified) continue;
            if (verified && repaired && dataErrors.contains(item.line()) && (goldAnswer || correctedAnswer)) {
              // check refuses the slip as written; the loop repairs it: agreement, not a disagreement
              repairedDataErrors.add(seen);
            } else {
              disagree.add(id + " check " + accepted + " loop " + res.outcome() + " '" + res.text() + "' in round " + res.rounds());
            }
          } else if (!verified) {
            continue;
          } else if (item.mutation() == Mutation.RESTATED_RESULT && !repaired) {
            // a changed restatement in prose leaves the answer right: a known gap (README), held to its ceiling below
            restatedVerified++;
          } else if (!repaired && goldAnswer) {
            // accepted as written with the gold answer: the changed number sits in a step the
            // answer does not use (an operand grounded by head arithmetic in a dead end); no
            // wrong answer comes out, but a wrong step was passed: counted and bounded below
            asWritten.add(seen);
          } else if (!(repaired && (goldAnswer || correctedAnswer))) {
            wrongByClass.merge(klass, 1, Integer::sum);
            wrong.add(seen + ":\n" + item.solution() + "\nrounds: " + res.trace().rounds().stream().map(rd -> rd.proposal().text()).toList());
          }
        }
        System.err.printf("mutation loop: %d/%d%n", Math.min(ids.size(), from + 16), ids.size());
      }
    }
    StringBuilder report = new StringBuilder("rendering\tmutation\titems\tverified\tafter repair\tcheck accepted\n");
    tally.forEach((k, t) -> report.append(k).append('\t').append(t[3]).append('\t').append(t[0]).append('\t').append(t[1]).append('\t')
        .append(t[2]).append('\n'));
    System.out.println(report);
    // every finding by id, at any sample size (the whole corpus is -DperClass=6100)
    for (String w : wrong) System.out.println("WRONG " + w.substring(0, w.indexOf(":\n")));
    wrongByClass.forEach((k, n) -> System.out.println("wrong VERIFIED\t" + k + "\t" + n));
    for (String w : asWritten) System.out.println("AS-WRITTEN " + w);
    for (String w : repairedDataErrors) System.out.println("REPAIRED-DATA-ERROR " + w);
    for (String d : disagree) System.out.println("DISAGREE " + d);
    // only about 100 solutions restate a result in prose: that class is all of them
    tally.forEach((k, t) -> assertEquals(k.endsWith("RESTATED_RESULT") ? Math.min(PER_CLASS, t[3]) : PER_CLASS, t[3], "every class is sampled: " + k));
    int restated = tally.entrySet().stream().filter(e -> e.getKey().endsWith("RESTATED_RESULT")).mapToInt(e -> e.getValue()[3]).sum();
    // seed 7: 16 of 408 changed restatements ended VERIFIED unrepaired when the prose rules were written
    assertTrue(restated >= 4 * 90 && restatedVerified * 100 <= restated * 6,
        "changed prose restatements VERIFIED: " + restatedVerified + " of " + restated + "\n" + report);
    assertEquals(List.of(), wrong, "a mutated answer came out VERIFIED\n" + report);
    assertEquals(List.of(), disagree, "the loop and check disagree on right solutions\n" + report);
    // a dead-end step passed with the gold answer is a mutated item VERIFIED too: none (the whole corpus had 4 on e0253bc)
    assertEquals(List.of(), asWritten, "mutated steps passed as written with the gold answer\n" + report);
    tally.forEach((k, t) -> assertTrue(!k.endsWith("NONE") || t[0] >= PER_CLASS * 85 / 100, "right solutions are mostly verified: " + k));
  }
}

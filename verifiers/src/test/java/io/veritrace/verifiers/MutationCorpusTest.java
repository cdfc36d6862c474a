package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.verifiers.MutationCorpus.Mutation;
import io.veritrace.verifiers.MutationCorpus.Rendering;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * GSM8K train solutions rendered as chat models write them (plain, LaTeX, Markdown) are read as
 * well as their annotated originals, and every kind of mutation is rejected, on a seeded sample
 * of every 25th solution (about 300 per class): right solutions the annotated original passes are
 * accepted at least 97 % in every rendering, all right solutions (gold minus documented data
 * errors) at least 93 %, and every mutation is rejected at least 99 %. The whole corpus is measured by
 * {@link MutationCorpus#main}.
 */
class MutationCorpusTest {

  @Test
  void renderingsAreReadAndMutationsRejected() {
    List<Gsm8k> sample = new ArrayList<>();
    List<Gsm8k> all = Gsm8k.load();
    for (int i = 0; i < all.size(); i += 25) sample.add(all.get(i));
    CheckSuite suite = CheckSuite.standard();
    // the annotated originals the checks accept: how well each rendering is read is measured on them
    List<Gsm8k> readable = new ArrayList<>();
    for (Gsm8k g : sample) {
      MutationCorpus.Item item = MutationCorpus.of(g, Rendering.ANNOTATED, Mutation.NONE, 1);
      if (item != null && SolutionAudit.of(suite, "a", item.question(), item.solution()).accepted()) readable.add(g);
    }
    StringBuilder report = new StringBuilder();
    List<String> misses = new ArrayList<>();
    java.util.Set<Integer> dataErrors = MutationCorpus.dataErrors();
    for (Rendering r : Rendering.values()) {
      // every gold solution of the sample but the documented data errors: the 97 % target is not
      // met there yet (README), so a floor under the measured figure guards against regressions
      MutationCorpus.Tally gold = new MutationCorpus.Tally(r, Mutation.NONE);
      for (Gsm8k g : sample) {
        MutationCorpus.Item item = MutationCorpus.of(g, r, Mutation.NONE, 1);
        if (item != null && !dataErrors.contains(g.line())) gold.add(SolutionAudit.of(suite, "g", item.question(), item.solution()).accepted());
      }
      report.append(gold).append("\tall gold minus data errors\n");
      assertTrue(gold.acceptedPercent() >= 93, "right solutions regressed: " + gold + "\n" + report);
      for (Mutation m : Mutation.values()) {
        MutationCorpus.Tally t = new MutationCorpus.Tally(r, m);
        for (Gsm8k g : m == Mutation.NONE ? readable : sample) {
          MutationCorpus.Item item = MutationCorpus.of(g, r, m, 1);
          if (item == null) continue;
          boolean ok = SolutionAudit.of(suite, "m", item.question(), item.solution()).accepted();
          t.add(ok);
          if (ok != item.right() && misses.size() < 8) misses.add(r + " " + m + " line " + g.line() + ":\n" + item.solution());
        }
        report.append(t).append('\n');
        double target = m == Mutation.NONE ? 97 : 1;
        boolean met = m == Mutation.NONE ? t.acceptedPercent() >= target : t.acceptedPercent() <= target;
        assertTrue(t.total >= 100, "too few items: " + t);
        assertTrue(met, String.format(Locale.ROOT, "%s misses its target%n%s%n%s", t, report, String.join("\n\n", misses)));
      }
    }
    System.out.println(MutationCorpus.Tally.header() + "\n" + report);
  }
}

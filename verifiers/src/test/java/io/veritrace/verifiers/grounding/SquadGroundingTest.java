package io.veritrace.verifiers.grounding;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.verifiers.CheckSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Grounding on text nobody here wrote: 281 Wikipedia paragraphs from SQuAD 2.0 ({@code
 * squad/paragraphs.jsonl}, CC BY-SA 4.0, licence beside it). Verbatim cited sentences and clauses
 * are refused at most 1 % and accepted at least 97 %; the same with a name, number or year swapped
 * in from another article are rejected at least 99 % — each kind on its own. Larger samples
 * (1,000 a kind, four seeds) with {@link SquadGrounding#main}; figures in docs/sources.md.
 */
class SquadGroundingTest {

  private static final Path PARAGRAPHS = Path.of("src/test/resources/squad/paragraphs.jsonl");

  @Test
  void verbatimAnswersPassAndSwappedSpecificsAreRejected() throws IOException {
    List<SquadGrounding.Case> cases = SquadGrounding.load(PARAGRAPHS).cases(11, 200);
    SquadGrounding.Report report = SquadGrounding.audit(cases, CheckSuite.standard());
    report.print(System.out);
    report.misses.forEach(m -> System.out.println("  miss " + m));
    StringBuilder failed = new StringBuilder();
    for (SquadGrounding.Kind kind : SquadGrounding.Kind.values()) {
      if (kind.right) {
        if (report.rate(kind, 2) > 0.01) failed.append(kind).append(" refused ").append(report.rate(kind, 2)).append('\n');
        if (report.rate(kind, 1) < 0.97) failed.append(kind).append(" accepted ").append(report.rate(kind, 1)).append('\n');
      } else if (report.rate(kind, 2) < 0.99) {
        failed.append(kind).append(" rejected ").append(report.rate(kind, 2)).append('\n');
      }
    }
    assertTrue(failed.isEmpty(), failed.toString());
  }
}

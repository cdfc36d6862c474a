package io.veritrace.core;

import java.util.List;
import java.util.Objects;

/**
 * The whole record of one query: every round, and how it ended. This is what the journal keeps
 * and what the trainer turns into datasets.
 *
 * @param query the query as asked
 * @param rounds every round, in order
 * @param outcome how it ended
 * @param text what the user was told: the answer, the question, or the refusal
 * @param certificate the evidence behind the outcome
 * @param stopReason why the loop stopped ({@code verified}, {@code ending}, {@code budget},
 *     {@code no-progress}, {@code deadline}, {@code reasoner-error})
 * @param startedAtMillis wall clock when the query started
 * @param elapsedNanos time the loop took
 */
public record Trace(
    Query query,
    List<Round> rounds,
    Outcome outcome,
    String text,
    Certificate certificate,
    String stopReason,
    long startedAtMillis,
    long elapsedNanos)
    implements CborSerializable {

  public Trace {
    Objects.requireNonNull(query, "query");
    rounds = List.copyOf(rounds);
    Objects.requireNonNull(outcome, "outcome");
    text = text == null ? "" : text;
    certificate = certificate == null ? Certificate.EMPTY : certificate;
    stopReason = stopReason == null ? "" : stopReason;
  }

  /** A failure of round {@code round} that round {@code fixedIn}, the next, no longer has. */
  public record Fix(int round, int fixedIn, Verdict failure) {}

  /**
   * What earlier rounds got wrong and the next round fixed. A failure the next round repeats (the
   * same rule with the same evidence, wherever its step moved) was not fixed and is not listed:
   * it is still among the later round's failures.
   */
  public List<Fix> fixes() {
    List<Fix> fixes = new java.util.ArrayList<>();
    for (int i = 0; i + 1 < rounds.size(); i++) {
      List<Verdict> next = rounds.get(i + 1).rejections();
      for (Verdict f : rounds.get(i).rejections()) {
        boolean repeated = next.stream().anyMatch(n -> n.rule().equals(f.rule()) && n.counterexample().equals(f.counterexample()));
        if (!repeated) fixes.add(new Fix(rounds.get(i).number(), rounds.get(i + 1).number(), f));
      }
    }
    return fixes;
  }

  /** Failures of the last round: why the outcome is not VERIFIED, if it is not. */
  public List<Verdict> failures() {
    return rounds.isEmpty() ? List.of() : rounds.get(rounds.size() - 1).rejections();
  }
}

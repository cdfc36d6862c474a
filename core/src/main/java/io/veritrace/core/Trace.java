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

  /** Failures of the last round: why the outcome is not VERIFIED, if it is not. */
  public List<Verdict> failures() {
    return rounds.isEmpty() ? List.of() : rounds.get(rounds.size() - 1).rejections();
  }
}

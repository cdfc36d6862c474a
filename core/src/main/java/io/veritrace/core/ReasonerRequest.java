package io.veritrace.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * What a reasoner is asked in one round: the query, and from the second round on its previous
 * proposal and the Corrector's findings on it.
 */
public record ReasonerRequest(Query query, int round, Proposal previous, Correction correction)
    implements CborSerializable {
  public ReasonerRequest {
    Objects.requireNonNull(query, "query");
    if (round < 1) throw new IllegalArgumentException("rounds count from 1: " + round);
  }

  public static ReasonerRequest first(Query query) {
    return new ReasonerRequest(query, 1, null, null);
  }

  @JsonIgnore
  public boolean isRevision() {
    return correction != null;
  }
}

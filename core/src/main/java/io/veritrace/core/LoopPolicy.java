package io.veritrace.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits one query loop runs under.
 *
 * @param maxRounds proposals the loop asks for before it refuses (default 4)
 * @param deadline the whole query's time limit, after which it ends REFUSE
 * @param checkTimeout a checker taking longer than this gives an ERROR verdict (fail closed)
 * @param allowUnverified return answers no checker covers as UNVERIFIED instead of refusing
 * @param justifyWarnings spend a round asking the reasoner to justify warned numbers
 */
public record LoopPolicy(
    int maxRounds,
    Duration deadline,
    Duration checkTimeout,
    boolean allowUnverified,
    boolean justifyWarnings)
    implements CborSerializable {

  public static final LoopPolicy DEFAULT =
      new LoopPolicy(4, Duration.ofSeconds(30), Duration.ofSeconds(5), false, true);

  public LoopPolicy {
    if (maxRounds < 1) throw new IllegalArgumentException("maxRounds must be >= 1");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(checkTimeout, "checkTimeout");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive");
    }
  }
}

package io.veritrace.core;

import java.util.List;
import java.util.Objects;

/**
 * What was established and by which checker: the evidence behind an outcome, kept with the
 * answer so a reader can see why it was trusted (or why it was not given).
 */
public record Certificate(List<Entry> entries) implements CborSerializable {

  /**
   * One checked fact: {@code checker} established {@code statement} about step {@code step},
   * covering the claims {@code covers} names ({@link Verdict#claimKey}).
   */
  public record Entry(String checker, String rule, int step, String statement, List<String> covers)
      implements CborSerializable {
    public Entry {
      Objects.requireNonNull(checker, "checker");
      Objects.requireNonNull(rule, "rule");
      statement = statement == null ? "" : statement;
      covers = covers == null ? List.of() : List.copyOf(covers);
    }

    public Entry(String checker, String rule, int step, String statement) {
      this(checker, rule, step, statement, List.of());
    }
  }

  public static final Certificate EMPTY = new Certificate(List.of());

  public Certificate {
    entries = entries == null ? List.of() : List.copyOf(entries);
  }

  /** The certificate of a set of verdicts: every pass, and every warning as a caveat. */
  public static Certificate of(List<Verdict> verdicts) {
    return new Certificate(
        verdicts.stream()
            .filter(v -> v.grade() == Grade.PASS || v.grade() == Grade.WARN)
            .map(
                v ->
                    new Entry(
                        v.checker(),
                        v.rule(),
                        v.step(),
                        v.grade() == Grade.WARN ? "caveat: " + v.message() : v.message(),
                        v.covers()))
            .toList());
  }
}

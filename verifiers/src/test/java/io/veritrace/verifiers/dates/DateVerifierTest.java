package io.veritrace.verifiers.dates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateVerifierTest {

  private static final Clock SERVER = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private final DateVerifier verifier = new DateVerifier(SERVER);

  static List<Verdict> check(DateVerifier verifier, String reference, String answer) {
    Query q = new Query("q", "s", "question", null, null, null, reference);
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(), answer, answer, "test", "");
    return verifier.verify(q, p, List.of());
  }

  private Verdict only(String reference, String answer) {
    List<Verdict> verdicts = check(verifier, reference, answer);
    assertEquals(1, verdicts.size(), () -> "one verdict expected for: " + answer + " got " + verdicts);
    return verdicts.get(0);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Ana was born on 1990-02-28, so she is 36.                          | dates.age        | 36
          Ana was born on 28 February 1990 and is 36 years old.              | dates.age        | 36
          Leo, born on February 29, 2000, turns 26 on 2026-03-01.            | dates.age        | 26
          30 days after 31 January 2024 is 1 March 2024.                     | dates.shift      | 1 March 2024
          One month after 2024-01-31 is 2024-02-29.                          | dates.shift      | 2024-02-29
          One month after 2023-01-31 is 2023-02-28.                          | dates.shift      | 2023-02-28
          A year after 2024-02-29 is 2025-02-28.                             | dates.shift      | 2025-02-28
          2024-03-15 is 2 weeks after 2024-03-01.                            | dates.shift      | 2024-03-15
          5 business days after Friday, 2024-03-01 is 2024-03-08.            | dates.shift      | 2024-03-08
          10 days before 2024-03-05 is 2024-02-24.                           | dates.shift      | 2024-02-24
          2024-02-29 is a Thursday.                                          | dates.weekday    | Thursday
          The talk is on Friday, 1 March 2024.                               | dates.weekday    | Friday
          There are 29 days between 2024-02-01 and 2024-03-01.               | dates.difference | 29 days
          From 1 March 2024 to 3 March 2024 inclusive there are 3 days.      | dates.difference | 3 days
          Between 2023-01-31 and 2024-03-01 there are 13 months.             | dates.difference | 13 months
          From 2020-02-29 to 2024-02-28 is 3 years.                          | dates.difference | 3 years
          From 2024-01-15 to 2025-03-20 is 1 year, 2 months and 5 days.      | dates.difference | 1 year, 2 months and 5 days
          The launch is 40 days away: there are 40 days until 2027-01-01.    | dates.until      | 40 days
          2026-11-12 was 10 days ago.                                        | dates.until      | 10 days
          2024-03-31T01:30 Europe/Paris is 00:30 UTC.                        | dates.timezone   | 00:30
          2024-03-10 01:00 America/New_York is 2024-03-10 06:00 UTC.         | dates.timezone   | 2024-03-10 06:00
          From 2024-03-10T00:00 America/New_York to 2024-03-10T04:00 America/New_York is 3 hours. | dates.difference | 3 hours
          3 hours after 2024-03-10T00:00 America/New_York is 2024-03-10 04:00 America/New_York. | dates.shift | 2024-03-10 04:00 America/New_York
          """)
  void rightClaimsPass(String answer, String rule, String value) {
    Verdict v = only("2026-11-22", answer);
    assertEquals(Grade.PASS, v.grade(), v::message);
    assertEquals(rule, v.rule());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Ana was born on 1990-02-28, so she is 37.                          | dates.age        | 36
          Leo, born on February 29, 2000, turns 26 on 2026-02-28.            | dates.age        | 25
          30 days after 31 January 2024 is 2 March 2024.                     | dates.shift      | 1 March 2024
          One month after 2023-01-31 is 2023-03-03.                          | dates.shift      | 2023-02-28
          2023-02-28 is 1 day after 2023-02-26.                              | dates.shift      | 2023-02-27
          2024-02-29 is a Friday.                                            | dates.weekday    | Thursday
          There are 28 days between 2024-02-01 and 2024-03-01.               | dates.difference | 29 days
          From 1 March 2024 to 3 March 2024 inclusive there are 2 days.      | dates.difference | 3 days
          There are 41 days until 2027-01-01.                                | dates.until      | 40 days
          2024-03-31T01:30 Europe/Paris is 01:30 UTC.                        | dates.timezone   | 00:30
          From 2024-03-10T00:00 America/New_York to 2024-03-10T04:00 America/New_York is 4 hours. | dates.difference | 3 hours
          """)
  void wrongClaimsFailWithTheRightValue(String answer, String rule, String right) {
    Verdict v = only("2026-11-22", answer);
    assertEquals(Grade.FAIL, v.grade(), v::message);
    assertEquals(rule, v.rule());
    assertEquals(right, v.counterexample());
    assertTrue(v.suggestedFix().contains(right), v.suggestedFix());
    List<Verdict> fixed = check(verifier, "2026-11-22", v.suggestedFix());
    assertEquals(Grade.PASS, fixed.get(0).grade(), () -> "the fix must check: " + v.suggestedFix());
  }

  @Test
  void referenceDateWithZoneDecidesToday() {
    // 23:30 on 21 November in New York is already 22 November in UTC.
    String answer = "Born on 2000-11-22, he is 26.";
    assertEquals(Grade.FAIL, only("2026-11-21T23:30:00-05:00[America/New_York]", answer).grade());
    assertEquals(Grade.PASS, only("2026-11-22T04:30:00Z", answer).grade());
    assertEquals(Grade.PASS, only("2026-11-22T00:30:00+01:00", answer).grade());
  }

  @Test
  void serverClockIsStatedWhenTheQueryHasNoReferenceDate() {
    Verdict v = only(null, "Born on 2000-11-22, he is 26.");
    assertEquals(Grade.PASS, v.grade());
    assertTrue(v.message().contains("2026-11-22 from the server clock"), v.message());
    Verdict given = only("2026-11-22", "Born on 2000-11-22, he is 26.");
    assertTrue(given.message().contains("the query's reference date"), given.message());
  }

  @Test
  void stepsAreCheckedWithTheirIndex() {
    Query q = new Query("q", "s", "When is the refund due?", null, null, null, "2026-11-22");
    Proposal p =
        new Proposal(
            Proposal.Stance.ANSWER,
            List.of(new Step(0, "14 days after 2026-11-20 is 2026-12-05.", List.of())),
            "The refund is due on 2026-12-04.",
            "",
            "test",
            "");
    List<Verdict> verdicts = verifier.verify(q, p, List.of());
    assertEquals(1, verdicts.size());
    assertEquals(0, verdicts.get(0).step());
    assertEquals("2026-12-04", verdicts.get(0).counterexample());
  }

  @Test
  void textWithoutDateClaimsGivesNoVerdicts() {
    assertTrue(check(verifier, "2026-11-22", "The plan costs $20 a month and includes 5 seats.").isEmpty());
    assertTrue(check(verifier, "2026-11-22", "").isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          The offer ends on 2023-02-29.                      | dates.valid
          Her appointment is on 31 April 2024.               | dates.valid
          The deadline is 2024-13-01.                        | dates.valid
          2024-03-10 09:00 Mars/Olympus is 10:00 UTC.        | dates.valid
          """)
  void datesThatDoNotExistFail(String answer, String rule) {
    List<Verdict> verdicts = check(verifier, "2026-11-22", answer);
    assertTrue(verdicts.stream().anyMatch(v -> v.rule().equals(rule) && v.grade() == Grade.FAIL), verdicts::toString);
  }

  @Test
  void malformedReferenceDateIsAnErrorOnlyForClaimsThatNeedToday() {
    List<Verdict> verdicts =
        check(verifier, "22/11/2026", "Born on 2000-01-01, she is 26. 2024-02-29 is a Thursday.");
    Map<String, Grade> byRule = verdicts.stream().collect(Collectors.toMap(Verdict::rule, Verdict::grade));
    assertEquals(Grade.ERROR, byRule.get("dates.age"));
    assertEquals(Grade.PASS, byRule.get("dates.weekday"));
    assertTrue(verdicts.get(0).message().contains("not ISO-8601"), verdicts.get(0).message());
  }

  @Test
  void hugeAmountsAreAnErrorNotACrash() {
    Verdict v = only("2026-11-22", "99999999999999 days after 2024-01-01 is 2024-01-02.");
    assertEquals(Grade.ERROR, v.grade(), v::message);
    Verdict years = only("2026-11-22", "1000000000000000000000 years after 2024-01-01 is 2024-01-02.");
    assertTrue(years.grade() == Grade.ERROR, years::toString);
    Verdict business = only("2026-11-22", "900000000 business days after 2024-01-01 is 2024-01-02.");
    assertTrue(business.grade().rejects(), business::toString);
  }
}

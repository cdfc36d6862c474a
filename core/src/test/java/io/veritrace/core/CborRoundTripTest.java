package io.veritrace.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kernel type must survive CBOR unchanged: they cross process boundaries. */
class CborRoundTripTest {

  private final ObjectMapper cbor = CBORMapper.builder().addModule(new ParameterNamesModule()).build();

  private <T> T roundTrip(T value, Class<T> type) throws Exception {
    return cbor.readValue(cbor.writeValueAsBytes(value), type);
  }

  private static Trace sampleTrace() {
    Query q =
        new Query(
            "q1",
            "s1",
            "Tom has 3 apples and buys 4. How many?",
            List.of(Turn.user("hi"), Turn.assistant("hello")),
            List.of(new Claim.Given("apples", "3", "Tom has 3 apples")),
            List.of(new Source("d1", "Doc", "text")),
            "2026-11-22");
    Step step =
        new Step(
            0,
            "3 + 4 = <<3+4=7>>7",
            List.of(
                new Claim.Arithmetic("3+4", "7"),
                new Claim.Assumption("7", "days in a week"),
                new Claim.Logic(List.of("P(a)"), List.of("a is P"), "P(a)", "True"),
                new Claim.FinalAnswer("7")));
    Proposal p = new Proposal(Proposal.Stance.ANSWER, List.of(step), "7", "raw", "simulated", "");
    Verdict fail = Verdict.fail("arithmetic", "arithmetic.result", 0, "3+4 is 7", "7", "7");
    Verdict end =
        Verdict.ending("consistency", "consistency.given", -1, Outcome.REFUSE, "conflict", "a vs b");
    Correction c = new Correction(List.of(fail), p, "fix step 0");
    Round r = new Round(1, p, List.of(fail, end), c, 1234L);
    return new Trace(
        q, List.of(r), Outcome.VERIFIED, "7", Certificate.of(List.of(fail)), "verified", 1L, 2L);
  }

  @Test
  void traceSurvivesCbor() throws Exception {
    Trace t = sampleTrace();
    assertEquals(t, roundTrip(t, Trace.class));
  }

  @Test
  void requestAndPolicySurviveCbor() throws Exception {
    Trace t = sampleTrace();
    ReasonerRequest req =
        new ReasonerRequest(t.query(), 2, t.rounds().get(0).proposal(), t.rounds().get(0).correction());
    assertEquals(req, roundTrip(req, ReasonerRequest.class));
  }

  @Test
  void claimsKeepTheirSubtype() throws Exception {
    Claim c = new Claim.Given("eggs", "12", "a dozen eggs");
    assertEquals(c, roundTrip(c, Claim.class));
  }

  @Test
  void invalidValuesAreRejectedAtConstruction() {
    assertThrows(IllegalArgumentException.class, () -> new Step(-1, "x", List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Verdict("c", "r", Grade.FAIL, 0, "", "", "", Outcome.VERIFIED));
    assertThrows(
        IllegalArgumentException.class,
        () -> new LoopPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1), false, true));
    assertThrows(NullPointerException.class, () -> Query.of("q", null));
  }

  @Test
  void certificateKeepsPassesAndWarningsOnly() {
    Certificate cert =
        Certificate.of(
            List.of(
                Verdict.pass("arithmetic", "a", 0, "3+4=7"),
                Verdict.warn("provenance", "p", 1, "7 not in question"),
                Verdict.fail("arithmetic", "a", 2, "bad", "", "")));
    assertEquals(2, cert.entries().size());
    assertEquals("caveat: 7 not in question", cert.entries().get(1).statement());
  }
}

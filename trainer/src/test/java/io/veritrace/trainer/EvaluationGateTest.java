package io.veritrace.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationGateTest {

  private static final List<String> HELD_OUT = IntStream.range(0, 20).mapToObj(i -> "failure " + i).toList();
  private static final List<String> REPLAY = IntStream.range(0, 200).mapToObj(i -> "replay " + i).toList();

  /** Without the adapter: 5 of 20 held-out and 150 of 200 replay prompts verify at the first round. */
  private static boolean base(String p) {
    int i = Integer.parseInt(p.substring(p.indexOf(' ') + 1));
    return p.startsWith("failure") ? i < 5 : i < 150;
  }

  @Test
  void promotesOnlyABetterAdapterThatKeepsTheReplaySet() {
    EvaluationGate gate = EvaluationGate.DEFAULT;
    // held-out 25% → 50%, replay 75% → 74.5% (0.5 points down): promoted
    EvaluationGate.Decision good = gate.decide("v1", HELD_OUT, REPLAY, (p, on) -> on
        ? (p.startsWith("failure") ? Integer.parseInt(p.substring(8)) < 10 : base(p) && !p.equals("replay 0"))
        : base(p));
    assertTrue(good.promoted(), good.reason());
    assertEquals(25.0, good.figures().baseHeldOut());
    assertEquals(50.0, good.figures().candidateHeldOut());
    assertEquals(74.5, good.figures().candidateReplay());
    // replay 75% → 73.5%: 1.5 points, over the margin
    EvaluationGate.Decision forgets = gate.decide("v2", HELD_OUT, REPLAY, (p, on) -> on
        ? (p.startsWith("failure") ? Integer.parseInt(p.substring(8)) < 10 : base(p) && Integer.parseInt(p.substring(7)) >= 3)
        : base(p));
    assertFalse(forgets.promoted());
    assertTrue(forgets.reason().contains("drop of 1.5 points exceeds the margin of 1.0"), forgets.reason());
    // no better on the failures it was trained for: rejected even with the replay set intact
    EvaluationGate.Decision same = gate.decide("v3", HELD_OUT, REPLAY, (p, on) -> base(p));
    assertFalse(same.promoted());
    assertTrue(same.reason().contains("no improvement"), same.reason());
    // a wider margin admits the second one
    assertTrue(new EvaluationGate(2.0).decide("v2", forgets.figures()).promoted());
    assertThrows(IllegalArgumentException.class, () -> gate.decide("v4", List.of(), REPLAY, (p, on) -> true));
  }

  @Test
  void theRegistryJournalsDecisionsAndRollsBack(@TempDir Path dir) throws Exception {
    Path adapter = Files.createDirectories(dir.resolve("trained"));
    Files.writeString(adapter.resolve("adapter_config.json"), "{}");
    AdapterRegistry registry = new AdapterRegistry(dir.resolve("registry"));
    EvaluationGate gate = EvaluationGate.DEFAULT;
    EvaluationGate.Figures better = new EvaluationGate.Figures(20, 25, 50, 200, 75, 75);
    EvaluationGate.Figures worse = new EvaluationGate.Figures(20, 25, 20, 200, 75, 75);
    assertEquals("v1", registry.submit(adapter, gate, gate.decide("candidate", better)));
    assertEquals("v2", registry.submit(adapter, gate, gate.decide("candidate", worse)));
    assertEquals(Optional.of("v1"), registry.serving(), "a rejected version does not serve");
    assertEquals("v3", registry.submit(adapter, gate, gate.decide("candidate", better)));
    assertEquals(Optional.of("v3"), registry.serving());
    assertTrue(Files.isRegularFile(registry.folder("v2").resolve("adapter_config.json")));

    registry.rollBack("v1");
    assertThrows(IllegalArgumentException.class, () -> registry.rollBack("v2"));
    // a restart reads the same state; a torn last line is ignored
    Files.writeString(dir.resolve("registry").resolve(AdapterRegistry.JOURNAL), "{\"kind\":\"prom", java.nio.file.StandardOpenOption.APPEND);
    AdapterRegistry reopened = new AdapterRegistry(dir.resolve("registry"));
    assertEquals(Optional.of("v1"), reopened.serving());
    List<AdapterRegistry.Event> events = reopened.events();
    assertEquals(List.of("promoted", "rejected", "promoted", "rolled-back"), events.stream().map(AdapterRegistry.Event::kind).toList());
    assertEquals(20.0, events.get(1).figures().candidateHeldOut());
    assertTrue(events.get(1).reason().contains("no improvement"));
    reopened.rollBack("");
    assertEquals(Optional.empty(), reopened.serving());
  }
}

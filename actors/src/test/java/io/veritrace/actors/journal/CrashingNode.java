package io.veritrace.actors.journal;

import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.LoopPolicy;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * A node under load for {@link JournalCrashTest}, run in its own JVM: it answers simulated
 * queries, 64 at a time, with a file journal, and prints {@code ACK <query id>} for each answer
 * it returned as durable — until it is killed.
 */
public final class CrashingNode {
  private CrashingNode() {}

  public static void main(String[] args) throws Exception {
    FileTraceJournal journal = FileTraceJournal.open(Path.of(args[0]));
    System.out.println("RECOVERED " + journal.recovery().tornRecords());
    List<Scenario> scenarios = Scenario.mixed(20_000, 7, 0.25);
    Veritrace node = Veritrace.start(new LoopComponents(
        new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.DEFAULT, 7),
        CheckSuite::standard, new RepairingCorrector(), LoopPolicy.DEFAULT, journal, 2));
    Semaphore inFlight = new Semaphore(64);
    for (int i = 0; ; i = (i + 1) % scenarios.size()) {
      inFlight.acquire();
      Scenario s = scenarios.get(i);
      node.ask(s.query().id(), s.query()).whenComplete((r, e) -> {
        if (e == null && r.durable()) {
          synchronized (System.out) {
            System.out.println("ACK " + r.queryId());
            System.out.flush();
          }
        }
        inFlight.release();
      });
    }
  }
}

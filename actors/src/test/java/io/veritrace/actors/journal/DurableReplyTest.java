package io.veritrace.actors.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.actors.LoopComponents;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.TestNodes;
import io.veritrace.actors.Veritrace;
import io.veritrace.core.LoopPolicy;
import io.veritrace.reasoners.simulated.Scenario;
import io.veritrace.reasoners.simulated.SimulatedReasoner;
import io.veritrace.reasoners.simulated.SimulationProfile;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.RepairingCorrector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the disk full the runtime keeps answering, and says the traces are not durable. */
class DurableReplyTest {

  @TempDir Path tmp;

  @Test
  void aFullDiskMarksAnswersNotDurableAndTheLoopKeepsAnswering() throws Exception {
    FileTraceJournalTest.FullDisk disk = new FileTraceJournalTest.FullDisk();
    List<Scenario> scenarios = Scenario.generate(30, 4);
    try (FileTraceJournal journal = FileTraceJournal.open(tmp, FileTraceJournal.Options.DEFAULT, disk::open);
        Veritrace node = Veritrace.start(new LoopComponents(
            new SimulatedReasoner(scenarios.stream().map(Scenario::task).toList(), SimulationProfile.faithful(), 4),
            CheckSuite::standard, new RepairingCorrector(), LoopPolicy.DEFAULT, journal, 2), TestNodes.config())) {
      List<String> durable = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        disk.full = i >= 10 && i < 20;
        Scenario s = scenarios.get(i);
        QueryResult r = node.ask(s.query().id(), s.query()).toCompletableFuture().join();
        assertEquals(s.task().expected(), r.outcome(), "answered as usual");
        assertEquals(!disk.full, r.durable(), "query " + i);
        if (r.durable()) durable.add(r.queryId());
      }
      List<String> stored = JournalContract.readAll(journal, 0, 100, new ArrayList<>()).stream()
          .map(e -> e.trace().query().id()).toList();
      assertEquals(durable, stored);
      assertFalse(stored.isEmpty());
      assertTrue(journal.end() > 0);
    }
  }
}

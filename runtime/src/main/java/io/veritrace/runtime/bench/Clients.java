package io.veritrace.runtime.bench;

import io.veritrace.actors.Veritrace;
import io.veritrace.core.Outcome;
import io.veritrace.core.Query;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Load as a server sees it: a fixed number of clients, each asking its next question as soon as
 * its last one is answered, until every question has been asked once. The next question is asked
 * from the thread that delivers the answer, so the driver itself parks no thread per question
 * (a driver blocked on a semaphore would add a wake-up per question that the loop does not pay).
 */
public final class Clients {

  private Clients() {}

  /**
   * Asks every one of {@code queries} once, at most {@code clients} at a time ({@code 0}: all at
   * once, a burst), and counts the outcomes. Each result is let go as it arrives.
   */
  public static Map<Outcome, Integer> ask(Veritrace node, List<Query> queries, int clients) throws InterruptedException {
    AtomicIntegerArray counts = new AtomicIntegerArray(Outcome.values().length);
    CountDownLatch answered = new CountDownLatch(queries.size());
    AtomicInteger next = new AtomicInteger();
    Runnable[] askNext = new Runnable[1];
    askNext[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= queries.size()) return;
      node.askOnce(queries.get(i)).whenComplete((r, e) -> {
        if (r != null) counts.incrementAndGet(r.outcome().ordinal());
        answered.countDown();
        askNext[0].run();
      });
    };
    int first = clients <= 0 ? queries.size() : Math.min(clients, queries.size());
    for (int c = 0; c < first; c++) askNext[0].run();
    answered.await();
    Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) if (counts.get(o.ordinal()) > 0) out.put(o, counts.get(o.ordinal()));
    return out;
  }
}

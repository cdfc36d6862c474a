package io.veritrace.runtime;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.CheckMeter;
import io.veritrace.actors.QueryResult;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Reasoner;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Step;
import io.veritrace.core.StepCheck;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.CheckSuite;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import kamon.Kamon;
import kamon.prometheus.PrometheusReporter;

/**
 * The runtime's metrics through Kamon, scraped by Prometheus from its own port: queries by
 * outcome, rounds per query, checker latency by checker, reasoner latency and errors, sessions in
 * flight. Recording before {@link #start} goes to Kamon's no-op defaults.
 */
public final class Metrics {
  private Metrics() {}

  /** Prometheus' text exposition format: Prometheus 3 refuses a target that does not name it. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Rounds per query are small integers: one bucket per round up to 10, then coarser (the budget is 4 unless configured). */
  private static final String ROUND_BUCKETS = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 16, 20]";

  private static HttpServer server;

  /**
   * Starts Kamon and serves its Prometheus scrape on {@code http://host:port/metrics} (Kamon's own
   * embedded server sends no Content-Type).
   *
   * @throws IllegalStateException in one line when the port is taken, before Kamon starts
   */
  public static synchronized void start(String host, int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new IllegalStateException("the metrics port " + host + ":" + port + " is not free (" + e.getMessage()
          + "); choose another with --metrics-port or veritrace.metrics.port, or set veritrace.metrics.enabled = off");
    }
    Config config = ConfigFactory.parseString(
        "kamon.prometheus.start-embedded-http-server = no\n"
            + "kamon.prometheus.buckets.custom { \"veritrace.rounds\" = " + ROUND_BUCKETS + " }\n"
            + "kamon.metric.tick-interval = 1 second\n")
        .withFallback(ConfigFactory.load());
    Kamon.init(config);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        scala.Option<String> scrape = PrometheusReporter.latestScrapeData();
        byte[] body = (scrape.isDefined() ? scrape.get() : "").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
      }
    });
    server.start();
  }

  public static synchronized void stop() throws Exception {
    if (server != null) server.stop(0);
    server = null;
    scala.concurrent.Await.result(Kamon.stop(), scala.concurrent.duration.Duration.create(10, "seconds"));
  }

  /**
   * Counts the journal's failed appends (full disk, lost database, full queue) as {@code
   * veritrace_journal_failed_appends_total} and the traces it wrote cut to its record limit as
   * {@code veritrace_journal_truncated_records_total}, read once a second.
   */
  public static void watch(TraceJournal journal) {
    java.util.concurrent.ScheduledExecutorService tick = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "journal-metrics");
      t.setDaemon(true);
      return t;
    });
    long[] seen = {0, 0};
    tick.scheduleAtFixedRate(() -> {
      seen[0] = count("veritrace.journal.failed-appends", journal.failedAppends(), seen[0]);
      seen[1] = count("veritrace.journal.truncated-records", journal.truncatedTraces(), seen[1]);
    }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Adds to counter {@code name} what {@code total} grew by since {@code seen}; returns the new total. */
  private static long count(String name, long total, long seen) {
    if (total > seen) Kamon.counter(name).withoutTags().increment(total - seen);
    return total;
  }

  public static void finished(QueryResult r) {
    Kamon.counter("veritrace.queries").withTag("outcome", r.outcome().name()).increment();
    Kamon.histogram("veritrace.rounds").withoutTags().record(r.rounds());
  }

  public static void sessionStarted() {
    Kamon.rangeSampler("veritrace.sessions.in-flight").withoutTags().increment();
  }

  public static void sessionEnded() {
    Kamon.rangeSampler("veritrace.sessions.in-flight").withoutTags().decrement();
  }

  /**
   * Per-node check metrics: on a verifier node {@code veritrace_checks_served_total},
   * {@code veritrace_checks_in_flight} and {@code veritrace_check_latency_seconds} (arrival to
   * reply, queueing included), {@code veritrace_checks_abandoned_total} (given up unanswered after
   * a routee crashed mid-check); on a frontend {@code veritrace_pool_outstanding{node}} (checks held
   * by each verifier node) and {@code veritrace_pool_retries_total{node}} (checks sent again after
   * that node was lost or stalled).
   */
  public static CheckMeter checks() {
    return new CheckMeter() {
      public void served() {
        Kamon.counter("veritrace.checks.served").withoutTags().increment();
        Kamon.rangeSampler("veritrace.checks.in-flight").withoutTags().increment();
      }

      public void answered(long nanos) {
        Kamon.rangeSampler("veritrace.checks.in-flight").withoutTags().decrement();
        Kamon.timer("veritrace.check.latency").withoutTags().record(nanos);
      }

      public void abandoned() {
        Kamon.rangeSampler("veritrace.checks.in-flight").withoutTags().decrement();
        Kamon.counter("veritrace.checks.abandoned").withoutTags().increment();
      }

      public void outstanding(String node, int inFlight) {
        Kamon.gauge("veritrace.pool.outstanding").withTag("node", node).update(inFlight);
      }

      public void retried(String node) {
        Kamon.counter("veritrace.pool.retries").withTag("node", node).increment();
      }
    };
  }

  /** {@code suites}, with every step check and verifier timed by name. */
  public static Supplier<CheckSuite> timed(Supplier<CheckSuite> suites) {
    return () -> {
      CheckSuite s = suites.get();
      return new CheckSuite(s.stepChecks().stream().map(Metrics::timed).toList(), s.verifiers().stream().map(Metrics::timed).toList());
    };
  }

  private static StepCheck timed(StepCheck c) {
    return new StepCheck() {
      public String name() {
        return c.name();
      }

      public List<Verdict> check(Query query, Step step) {
        long t0 = System.nanoTime();
        try {
          return c.check(query, step);
        } finally {
          Kamon.timer("veritrace.checker.latency").withTag("checker", c.name()).record(System.nanoTime() - t0);
        }
      }
    };
  }

  private static Verifier timed(Verifier v) {
    return new Verifier() {
      public String name() {
        return v.name();
      }

      public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
        long t0 = System.nanoTime();
        try {
          return v.verify(query, proposal, stepVerdicts);
        } finally {
          Kamon.timer("veritrace.checker.latency").withTag("checker", v.name()).record(System.nanoTime() - t0);
        }
      }
    };
  }

  /** {@code r}, with its latency and errors counted. */
  public static Reasoner timed(Reasoner r) {
    return new Reasoner() {
      public String name() {
        return r.name();
      }

      public CompletionStage<Proposal> propose(ReasonerRequest request) {
        long t0 = System.nanoTime();
        return r.propose(request).whenComplete((p, e) -> {
          Kamon.timer("veritrace.reasoner.latency").withTag("reasoner", r.name()).record(System.nanoTime() - t0);
          if (e != null) Kamon.counter("veritrace.reasoner.errors").withTag("reasoner", r.name()).increment();
        });
      }
    };
  }
}

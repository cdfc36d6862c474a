package io.veritrace.runtime.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.veritrace.actors.Veritrace;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.IncomingConnection;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API bound to a port, on the node's own actor system, with the connection policy one
 * client cannot break for the others ({@code veritrace.http} in veritrace-defaults.conf):
 *
 * <ul>
 *   <li>at most {@code max-connections} open; one more is answered 503 and closed at once, not
 *       left waiting in the accept queue (a {@code /health} on it is answered 200: a full server is
 *       alive); the accept queue holds as many as the limit, so a burst of connections is not
 *       dropped to wait out SYN retransmits;
 *   <li>a connection that does not complete a request within {@code client-timeout} of opening or
 *       of its last answer is closed: the clock does not restart on every byte, so a client
 *       sending one byte a second cannot hold a connection (a request being answered is never cut);
 *   <li>no {@code Server} version banner; HTTP/1.0 requests without {@code Host} are served;
 *   <li>{@link #close}: {@code /ready} says 503, new questions get 503, those in flight are answered
 *       (and journalled) within {@code drain-timeout}, then the port closes.
 * </ul>
 */
public final class ChatServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

  /** The server-level settings, {@code veritrace.http.*}. */
  public record Limits(int maxConnections, Duration clientTimeout, Duration drainTimeout, boolean allowAnonymous) {
    public static Limits from(Config config) {
      Config h = config.getConfig("veritrace.http");
      Limits l = new Limits(h.getInt("max-connections"), h.getDuration("client-timeout"), h.getDuration("drain-timeout"),
          h.getBoolean("allow-anonymous"));
      if (l.maxConnections < 1 || l.clientTimeout.isNegative() || l.clientTimeout.isZero() || l.drainTimeout.isNegative()) {
        throw new IllegalArgumentException("veritrace.http: max-connections must be positive, client-timeout positive, drain-timeout not negative");
      }
      return l;
    }
  }

  /** One open connection: whether it has a request being answered, and since when it has been waiting for one. */
  private static final class Watch {
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long waitingSince = System.nanoTime();
    volatile UniqueKillSwitch kill;
  }

  private final ChatApi api;
  private final Limits limits;
  private final ServerBinding binding;
  private final Set<Watch> open;
  private final AtomicInteger inFlight;
  private final Cancellable sweeper;
  private volatile boolean draining;

  private ChatServer(ChatApi api, Limits limits, ServerBinding binding, Set<Watch> open, AtomicInteger inFlight, Cancellable sweeper) {
    this.api = api;
    this.limits = limits;
    this.binding = binding;
    this.open = open;
    this.inFlight = inFlight;
    this.sweeper = sweeper;
  }

  public static ChatServer start(Veritrace node, ApiSettings settings) throws Exception {
    Config config = node.system().settings().config();
    Limits limits = Limits.from(config);
    if (settings.apiKeys().isEmpty() && ApiKeys.beyondLoopback(settings.host()) && !limits.allowAnonymous()) {
      throw new IllegalStateException("refusing to serve on " + settings.host() + " with no API key: anyone who can reach it could use "
          + "it. Set VERITRACE_API_KEYS (or --api-keys-env NAME), bind to 127.0.0.1, or set veritrace.http.allow-anonymous = on "
          + "(VERITRACE_ALLOW_ANONYMOUS=on) to serve without keys on purpose");
    }
    ServerSettings server = ServerSettings.create(ConfigFactory.parseString(
        // no version banner; HTTP/1.0 probes without Host get the bind host; the connection policy above replaces the byte-reset idle timeout
        "pekko.http.server { server-header = \"\"\n default-host-header = \"" + hostHeader(settings.host()) + "\"\n"
            + " idle-timeout = " + limits.clientTimeout().plusSeconds(1).toMillis() * 4 + "ms\n"
            // the loop's deadline answers a slow question (504 in OpenAI's JSON, the trace journalled); Pekko's own limit
            // (20 s, under the 30 s deadline) answered a plain-text 503 while the question ran on
            + " request-timeout = " + node.answerTimeout().plusSeconds(5).toMillis() + "ms\n"
            + " max-connections = " + (limits.maxConnections() + 64) + "\n"
            // connections waiting to be accepted (the kernel caps it at net.core.somaxconn): Pekko's 100 overflowed in a burst,
            // and every connection past it waited out a SYN retransmit (1,100 connections took 10.4 s to open, 1.2 s with this)
            + " backlog = " + limits.maxConnections() + " }")
        .withFallback(config));
    ChatApi api = new ChatApi(node, settings);
    Materializer mat = Materializer.matFromSystem(node.system());
    Set<Watch> open = ConcurrentHashMap.newKeySet();
    AtomicInteger inFlight = new AtomicInteger();
    ChatServer[] self = new ChatServer[1];
    ServerBinding binding = Http.get(node.system()).newServerAt(settings.host(), settings.port()).withSettings(server)
        .connectionSource()
        .to(Sink.foreach((IncomingConnection c) -> self[0].accept(c, mat)))
        .run(mat)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    long timeout = limits.clientTimeout().toNanos();
    Cancellable sweeper = node.system().scheduler().scheduleAtFixedRate(Duration.ofSeconds(1), Duration.ofMillis(500), () -> {
      long now = System.nanoTime();
      for (Watch w : open) {
        if (w.inFlight.get() == 0 && now - w.waitingSince > timeout && w.kill != null) {
          // completed, not failed: the connection is closed without the 500 Pekko renders for a failed handler
          w.kill.shutdown();
          open.remove(w);
        }
      }
    }, node.system().executionContext());
    self[0] = new ChatServer(api, limits, binding, open, inFlight, sweeper);
    return self[0];
  }

  private void accept(IncomingConnection connection, Materializer mat) {
    if (open.size() >= limits.maxConnections()) {
      connection.handleWith(Flow.of(HttpRequest.class).take(1).map(r -> {
        r.discardEntityBytes(mat);
        // a full server is still alive: a liveness probe that restarted it would cut every answer in flight
        if (r.getUri().path().equals("/health")) return ChatApi.health().addHeader(Connection.create("close"));
        return ChatApi.error(new ApiError(503, "server_error", "too_many_connections", null, "This server has "
            + limits.maxConnections() + " connections open; try again shortly.")).addHeader(Connection.create("close"));
      }), mat);
      return;
    }
    Watch w = new Watch();
    open.add(w);
    UniqueKillSwitch kill = connection.handleWith(Flow.of(HttpRequest.class)
        .viaMat(KillSwitches.single(), Keep.right())
        .mapAsync(1, r -> answer(w, r, mat))
        .watchTermination((k, done) -> {
          done.whenComplete((x, e) -> open.remove(w));
          return k;
        }), mat);
    w.kill = kill;
  }

  private CompletionStage<HttpResponse> answer(Watch w, HttpRequest request, Materializer mat) {
    String path = request.getUri().path();
    if (draining && !path.equals("/health") && !path.equals("/ready")) {
      request.discardEntityBytes(mat);
      return CompletableFuture.completedFuture(ChatApi.error(new ApiError(503, "server_error", "shutting_down", null,
          "This server is shutting down; send the request to another one.")).addHeader(Connection.create("close")));
    }
    w.inFlight.incrementAndGet();
    inFlight.incrementAndGet();
    CompletionStage<HttpResponse> response;
    try {
      response = api.apply(request);
    } catch (RuntimeException e) {
      LOG.error("request {} {} failed", request.method().value(), path, e);
      response = CompletableFuture.completedFuture(ChatApi.error(new ApiError(500, "server_error", null, null,
          "Internal error; the server's log has the details.")));
    }
    return response.whenComplete((r, e) -> {
      inFlight.decrementAndGet();
      w.waitingSince = System.nanoTime();
      w.inFlight.decrementAndGet();
    });
  }

  private static String hostHeader(String host) {
    return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** Connections accepted and open now. */
  public int connections() {
    return open.size();
  }

  /** Questions being answered now. */
  public int inFlight() {
    return inFlight.get();
  }

  /**
   * Drains, then closes: {@code /ready} answers 503 and new questions 503 while those in flight
   * finish, for up to {@code drain-timeout}; then the port closes.
   */
  @Override
  public void close() throws Exception {
    api.drain();
    draining = true;
    long deadline = System.nanoTime() + limits.drainTimeout().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
    if (inFlight.get() > 0) LOG.warn("{} question(s) still unanswered after the drain timeout of {}", inFlight.get(), limits.drainTimeout());
    sweeper.cancel();
    binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

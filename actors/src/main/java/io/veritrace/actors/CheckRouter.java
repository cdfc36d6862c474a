package io.veritrace.actors;

import com.typesafe.config.Config;
import io.veritrace.core.CborSerializable;
import io.veritrace.core.Outcome;
import io.veritrace.core.Verdict;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * A frontend's verifier pool: routes each check request to the reachable verifier node
 * ({@link VerifierService#KEY}) with the fewest checks outstanding, never more than
 * {@code max-in-flight-per-node} at one node, so a slow or busy node gets less work and the rest
 * wait here. A node that becomes unreachable or leaves has its outstanding checks sent to another
 * node at once; a check a node holds past {@code attempt-timeout} is also sent to another node if
 * one has room. Checks are pure, so a duplicate is harmless: the first reply wins. With no
 * verifier node reachable for {@code no-verifier-wait} a check is answered with a REFUSE ending
 * naming the reason, so the query ends at once instead of hanging.
 */
public final class CheckRouter extends AbstractBehavior<CheckRouter.Command> {

  public interface Command extends CborSerializable {}

  private record ListingChanged(Receptionist.Listing listing) implements Command {}

  /** A member was downed, removed or (again) up: the first two take its services out of the pool. */
  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record Reply(RoundChecker.Checked checked) implements Command {}

  private record AttemptTimedOut(long sendId) implements Command {}

  private record GiveUp(long checkId) implements Command {}

  /** The rule of the verdict a check gets when no verifier node can take it. */
  public static final String UNAVAILABLE = "cluster.unavailable";

  /**
   * @param maxInFlightPerNode checks outstanding at one verifier node before others wait here
   * @param attemptTimeout a node holding a check longer than this has it sent to another node too
   * @param noVerifierWait how long a check waits for a verifier node to join before it is refused
   * @param maxWaiting checks waiting here before new ones are refused as overload
   */
  public record Settings(int maxInFlightPerNode, Duration attemptTimeout, Duration noVerifierWait, int maxWaiting) {

    public static Settings from(Config config) {
      Config c = config.getConfig("veritrace.cluster.pool");
      return new Settings(c.getInt("max-in-flight-per-node"), c.getDuration("attempt-timeout"), c.getDuration("no-verifier-wait"),
          c.getInt("max-waiting"));
    }
  }

  /** A check the router answers for. {@code at} is the node holding it; null while it waits. */
  private static final class Pending {
    final RoundChecker.Check request;
    final Set<ActorRef<CheckRequest>> tried = new HashSet<>();
    ActorRef<CheckRequest> at;

    Pending(RoundChecker.Check request) {
      this.request = request;
    }
  }

  /** One sending of a check to a node. */
  private record Send(long checkId, ActorRef<CheckRequest> node) {}

  private final Settings settings;
  private final CheckMeter meter;
  private final TimerScheduler<Command> timers;
  private final ActorRef<RoundChecker.Checked> replies;
  /** Reachable verifier nodes and the checks outstanding at each. */
  private final Map<ActorRef<CheckRequest>, Integer> nodes = new LinkedHashMap<>();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<Long, Send> sends = new HashMap<>();
  private final ArrayDeque<Long> waiting = new ArrayDeque<>();
  /**
   * Members downed or removed: the Receptionist may list their services until the removal has
   * spread, which can take longer than a query's deadline, so they are left out at once.
   */
  private final Set<Address> gone = new HashSet<>();
  private Set<ActorRef<CheckRequest>> listed = Set.of();
  private long nextId;

  public static Behavior<Command> create(Settings settings, CheckMeter meter) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new CheckRouter(ctx, timers, settings, meter)));
  }

  private CheckRouter(ActorContext<Command> ctx, TimerScheduler<Command> timers, Settings settings, CheckMeter meter) {
    super(ctx);
    this.settings = settings;
    this.meter = meter;
    this.timers = timers;
    this.replies = ctx.messageAdapter(RoundChecker.Checked.class, Reply::new);
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(VerifierService.KEY, listings));
    if (NodeRoles.of(ctx.getSystem().settings().config()).clustered()) {
      Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
          ctx.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new), ClusterEvent.MemberEvent.class));
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(RoundChecker.Check.class, this::onRequest)
        .onMessage(Reply.class, r -> onReply(r.checked().seq(), r.checked().verdicts()))
        .onMessage(ListingChanged.class, this::onListing)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessage(AttemptTimedOut.class, this::onAttemptTimedOut)
        .onMessage(GiveUp.class, this::onGiveUp)
        .build();
  }

  private Behavior<Command> onRequest(RoundChecker.Check request) {
    if (waiting.size() >= settings.maxWaiting()) {
      answer(request, Verdict.ending("cluster", "cluster.overloaded", -1, Outcome.REFUSE,
          "The verifier nodes are overloaded (" + waiting.size() + " checks waiting); ask again later.", ""));
      return this;
    }
    long id = ++nextId;
    pending.put(id, new Pending(request));
    dispatch(id, false);
    return this;
  }

  /** Sends check {@code id} to the least loaded node with room, or queues it. */
  private void dispatch(long id, boolean retry) {
    Pending p = pending.get(id);
    ActorRef<CheckRequest> node = leastLoaded(p.tried, true);
    if (node == null) node = leastLoaded(p.tried, false);
    if (node == null) {
      if (retry) waiting.addFirst(id);
      else waiting.addLast(id);
      if (nodes.isEmpty()) timers.startSingleTimer(giveUpKey(id), new GiveUp(id), settings.noVerifierWait());
      return;
    }
    send(id, p, node);
  }

  private ActorRef<CheckRequest> leastLoaded(Set<ActorRef<CheckRequest>> tried, boolean untriedOnly) {
    ActorRef<CheckRequest> best = null;
    int bestLoad = settings.maxInFlightPerNode();
    for (Map.Entry<ActorRef<CheckRequest>, Integer> e : nodes.entrySet()) {
      if (e.getValue() < bestLoad && !(untriedOnly && tried.contains(e.getKey()))) {
        best = e.getKey();
        bestLoad = e.getValue();
      }
    }
    return best;
  }

  private void send(long id, Pending p, ActorRef<CheckRequest> node) {
    long sendId = ++nextId;
    p.at = node;
    sends.put(sendId, new Send(id, node));
    meter.outstanding(name(node), nodes.merge(node, 1, Integer::sum));
    timers.startSingleTimer(sendId, new AttemptTimedOut(sendId), settings.attemptTimeout());
    node.tell(addressed(p.request, sendId));
  }

  /** The request as sent to a node: numbered by this sending, replying here. */
  private CheckRequest addressed(RoundChecker.Check r, long sendId) {
    return new RoundChecker.Check(sendId, r.query(), r.proposal(), replies);
  }

  private Behavior<Command> onReply(long sendId, List<Verdict> verdicts) {
    timers.cancel(sendId);
    Send s = sends.remove(sendId);
    if (s == null) return this;
    Integer load = nodes.computeIfPresent(s.node(), (n, k) -> k - 1);
    if (load != null) meter.outstanding(name(s.node()), load);
    Pending p = pending.remove(s.checkId());
    if (p != null) {
      timers.cancel(giveUpKey(s.checkId()));
      reply(p.request, verdicts);
    }
    drain();
    return this;
  }

  /** The node is slow or lost: another node with room gets the check too; the first reply wins. */
  private Behavior<Command> onAttemptTimedOut(AttemptTimedOut msg) {
    Send s = sends.get(msg.sendId());
    if (s == null) return this;
    Pending p = pending.get(s.checkId());
    if (p == null || !s.node().equals(p.at)) return this;
    p.tried.add(s.node());
    ActorRef<CheckRequest> other = leastLoaded(p.tried, true);
    if (other != null) {
      meter.retried(name(s.node()));
      send(s.checkId(), p, other);
    }
    return this;
  }

  private Behavior<Command> onListing(ListingChanged msg) {
    listed = msg.listing().getServiceInstances(VerifierService.KEY);
    return onListed();
  }

  private Behavior<Command> onListed() {
    Set<ActorRef<CheckRequest>> reachable = listed;
    for (ActorRef<CheckRequest> lost : List.copyOf(nodes.keySet())) {
      if (!reachable.contains(lost)) lose(lost);
    }
    for (ActorRef<CheckRequest> node : reachable) {
      if (!gone.contains(node.path().address()) && nodes.putIfAbsent(node, 0) == null) meter.outstanding(name(node), 0);
    }
    return poolChanged();
  }

  private Behavior<Command> onMemberChanged(MemberChanged msg) {
    Address address = msg.event().member().address();
    if (msg.event() instanceof ClusterEvent.MemberDowned || msg.event() instanceof ClusterEvent.MemberRemoved) {
      gone.add(address);
      for (ActorRef<CheckRequest> node : List.copyOf(nodes.keySet())) {
        if (node.path().address().equals(address)) lose(node);
      }
      return poolChanged();
    }
    // a new incarnation at the same address (a restarted node) comes back through the listing
    if (msg.event() instanceof ClusterEvent.MemberUp && gone.remove(address)) return onListed();
    return this;
  }

  private Behavior<Command> poolChanged() {
    if (nodes.isEmpty()) {
      for (long id : waiting) timers.startSingleTimer(giveUpKey(id), new GiveUp(id), settings.noVerifierWait());
    } else {
      for (long id : waiting) timers.cancel(giveUpKey(id));
    }
    drain();
    return this;
  }

  /** An unreachable or departed node: what it held goes to the front of the queue. */
  private void lose(ActorRef<CheckRequest> node) {
    nodes.remove(node);
    meter.outstanding(name(node), 0);
    sends.values().removeIf(s -> s.node().equals(node));
    List<Long> held = pending.entrySet().stream().filter(e -> node.equals(e.getValue().at)).map(Map.Entry::getKey).sorted().toList();
    for (int i = held.size() - 1; i >= 0; i--) {
      Pending p = pending.get(held.get(i));
      p.at = null;
      p.tried.add(node);
      meter.retried(name(node));
      waiting.addFirst(held.get(i));
    }
  }

  private void drain() {
    while (!waiting.isEmpty() && leastLoaded(Set.of(), false) != null) {
      long id = waiting.pollFirst();
      if (pending.containsKey(id)) dispatch(id, true);
    }
  }

  private Behavior<Command> onGiveUp(GiveUp msg) {
    Pending p = pending.get(msg.checkId());
    if (p == null || p.at != null || !nodes.isEmpty()) return this;
    pending.remove(msg.checkId());
    waiting.remove(msg.checkId());
    answer(p.request, Verdict.ending("cluster", UNAVAILABLE, -1, Outcome.REFUSE,
        "No verifier node is reachable in the cluster (waited " + settings.noVerifierWait().toMillis()
            + " ms), so the answer could not be checked.", ""));
    return this;
  }

  private void answer(RoundChecker.Check request, Verdict verdict) {
    reply(request, List.of(verdict));
  }

  private static void reply(RoundChecker.Check request, List<Verdict> verdicts) {
    request.replyTo().tell(new RoundChecker.Checked(request.seq(), verdicts));
  }

  private static String giveUpKey(long checkId) {
    return "give-up-" + checkId;
  }

  private static String name(ActorRef<?> node) {
    return node.path().address().toString();
  }
}

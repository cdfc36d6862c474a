package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** The worker pools a query loop talks to. */
public record Workers(
    ActorRef<ReasonerWorker.Command> reasoner,
    ActorRef<RoundChecker.Command> checker,
    ActorRef<CorrectorWorker.Command> corrector)
    implements CborSerializable {}

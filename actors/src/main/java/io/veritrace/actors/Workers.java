package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import org.apache.pekko.actor.typed.ActorRef;

/** The worker pools a query loop talks to. */
public record Workers(
    ActorRef<ReasonerWorker.Command> reasoner,
    ActorRef<StepChecker.Command> stepChecker,
    ActorRef<ProposalVerifier.Command> verifier,
    ActorRef<CorrectorWorker.Command> corrector)
    implements CborSerializable {}

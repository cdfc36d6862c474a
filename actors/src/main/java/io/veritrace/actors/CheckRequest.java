package io.veritrace.actors;

/**
 * A request for checks, pure and idempotent: a round's step checks and verifiers
 * ({@link RoundChecker.Check}). What the verifier pool routes across nodes, and may send twice
 * when a node is lost; the first reply wins.
 */
public interface CheckRequest extends CheckRouter.Command, VerifierService.Command {}

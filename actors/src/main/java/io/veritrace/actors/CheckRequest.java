package io.veritrace.actors;

/**
 * A request for checks, pure and idempotent: a proposal's step checks ({@link StepChecker.CheckSteps})
 * or its whole-proposal verifiers ({@link ProposalVerifier.Verify}). What the verifier pool routes
 * across nodes, and may send twice when a node is lost; the first reply wins.
 */
public interface CheckRequest extends CheckRouter.Command, VerifierService.Command {}

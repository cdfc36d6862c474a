package io.veritrace.actors;

import io.veritrace.core.CborSerializable;
import io.veritrace.core.Certificate;
import io.veritrace.core.Outcome;
import io.veritrace.core.Step;
import io.veritrace.core.Trace;
import io.veritrace.core.Verdict;
import java.util.List;

/**
 * What a client gets for a query.
 *
 * @param text the verified answer, the clarifying question, or the refusal
 * @param steps the steps of the final proposal
 * @param failures why it is not VERIFIED, if it is not
 * @param durable whether the trace reached the journal before this reply (false when none is
 *     configured or the append failed)
 */
public record QueryResult(
    String queryId,
    String sessionId,
    Outcome outcome,
    String text,
    List<Step> steps,
    Certificate certificate,
    List<Verdict> failures,
    int rounds,
    boolean durable,
    Trace trace)
    implements CborSerializable {}

package io.veritrace.core;

import java.util.List;
import java.util.Objects;

/**
 * A question to answer, with everything the checkers may ground an answer in.
 *
 * @param id unique id of this query
 * @param sessionId the conversation it belongs to
 * @param question the user's text
 * @param history earlier turns of the conversation, oldest first
 * @param established claims earlier turns of the session established (givens and verified
 *     results); a new answer must not contradict them
 * @param sources documents supplied with the query; empty when none
 * @param referenceDate ISO-8601 date (or date-time with zone) that "today" means for this query;
 *     null means the server's clock, which the date checker then states in its certificate
 * @param parameters the client's sampling parameters for the model calls of this query
 */
public record Query(
    String id,
    String sessionId,
    String question,
    List<Turn> history,
    List<Claim> established,
    List<Source> sources,
    String referenceDate,
    ModelParameters parameters)
    implements CborSerializable {

  public Query {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(question, "question");
    history = history == null ? List.of() : List.copyOf(history);
    established = established == null ? List.of() : List.copyOf(established);
    sources = sources == null ? List.of() : List.copyOf(sources);
    parameters = parameters == null ? ModelParameters.DEFAULT : parameters;
  }

  /** A query with the backend's own sampling parameters. */
  public Query(String id, String sessionId, String question, List<Turn> history, List<Claim> established, List<Source> sources,
      String referenceDate) {
    this(id, sessionId, question, history, established, sources, referenceDate, ModelParameters.DEFAULT);
  }

  /** A single-turn query with nothing established and no sources. */
  public static Query of(String id, String question) {
    return new Query(id, id, question, List.of(), List.of(), List.of(), null);
  }

  public Query withEstablished(List<Claim> facts) {
    return new Query(id, sessionId, question, history, facts, sources, referenceDate, parameters);
  }
}

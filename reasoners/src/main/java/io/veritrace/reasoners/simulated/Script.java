package io.veritrace.reasoners.simulated;

import java.util.List;

/**
 * A scripted session: the turns a simulated user sends, in order, each with its ground truth.
 *
 * @param id unique within a file; used as the conversation's session id
 * @param kind which adversarial pattern it follows
 */
public record Script(String id, ScenarioClass kind, List<ScriptTurn> turns) {
  public Script {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("a script needs an id");
    if (kind == null) throw new IllegalArgumentException("script " + id + " needs a kind");
    if (turns == null || turns.isEmpty()) throw new IllegalArgumentException("script " + id + " has no turns");
    turns = List.copyOf(turns);
  }
}

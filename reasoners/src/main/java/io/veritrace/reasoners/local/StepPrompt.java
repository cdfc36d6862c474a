package io.veritrace.reasoners.local;

import io.veritrace.core.Proposal;
import io.veritrace.core.ReasonerRequest;
import io.veritrace.core.Source;
import io.veritrace.core.Turn;
import io.veritrace.verifiers.steps.StepFormatException;
import io.veritrace.verifiers.steps.StepParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conversation a chat model is given for a reasoner request, and how its reply becomes a
 * proposal. The reply format is the one {@link StepParser} reads and the simulated reasoner
 * writes (one step per line, calculator annotations, {@code #### answer}); abstentions are a
 * single {@code CLARIFY:} or {@code REFUSE:} line. A revision round shows the model its previous
 * reply and the corrector's findings.
 */
public final class StepPrompt {

  public static final String SYSTEM = """
      You solve problems step by step, and a machine checks every step.
      Write one step per line. Write each calculation with a calculator annotation, like \
      "Half of 48 is 48/2 = <<48/2=24>>24 clips." Use only numbers the question states or earlier steps computed.
      End with a line "#### " followed by the final answer alone, for example "#### 72".
      If the question leaves out a quantity you need, reply with one line "CLARIFY: " and the question to ask.
      If the question contradicts itself or assumes something false, reply with one line "REFUSE: " and the reason.""";

  private static final Pattern ABSTENTION = Pattern.compile("^\\s*(CLARIFY|REFUSE)\\s*:\\s*(.*)$", Pattern.CASE_INSENSITIVE);

  private StepPrompt() {}

  /** The system prompt, the earlier turns, the question with its sources, and any revision. */
  public static List<Turn> conversation(ReasonerRequest request) {
    List<Turn> turns = new ArrayList<>();
    turns.add(new Turn(io.veritrace.core.Role.SYSTEM, SYSTEM));
    turns.addAll(request.query().history());
    turns.add(Turn.user(question(request)));
    if (request.isRevision() && request.previous() != null) {
      turns.add(Turn.assistant(request.previous().text()));
      turns.add(Turn.user("A checker found problems in your solution:\n" + request.correction().instruction()
          + "\nWrite the whole corrected solution in the same format."));
    }
    return turns;
  }

  private static String question(ReasonerRequest request) {
    if (request.query().sources().isEmpty()) return request.query().question();
    StringBuilder sb = new StringBuilder("Sources:\n");
    for (Source s : request.query().sources()) {
      sb.append("[").append(s.id()).append("] ").append(s.title().isEmpty() ? "" : s.title() + ": ").append(s.text()).append('\n');
    }
    return sb.append("\nQuestion: ").append(request.query().question()).toString();
  }

  /** Reads a model's reply: an abstention line, or steps for the checkers. */
  public static Proposal read(String reply, String reasoner) {
    String firstLine = reply.strip().lines().findFirst().orElse("");
    Matcher m = ABSTENTION.matcher(firstLine);
    if (m.matches()) {
      Proposal.Stance stance = m.group(1).equalsIgnoreCase("CLARIFY") ? Proposal.Stance.CLARIFY : Proposal.Stance.REFUSE;
      return new Proposal(stance, List.of(), m.group(2).strip(), reply, reasoner, "");
    }
    try {
      return StepParser.parse(reply, reasoner);
    } catch (StepFormatException e) {
      // a reply that looks like JSON but is not: read it as text, and let the checkers reject it
      return StepParser.parseText(reply, reasoner);
    }
  }
}

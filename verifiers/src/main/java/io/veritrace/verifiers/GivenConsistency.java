package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.grounding.NormalizedText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The premises a reasoner read from the question must be there, and must agree with each other
 * and with what the session established. A given the question does not contain is an invented
 * premise (the reasoner can fix it); two givens that disagree are the question's own
 * contradiction (nobody can fix it: the query ends REFUSE, naming both statements). A refusal
 * must be backed by such a conflict; a clarifying question is always allowed.
 */
public final class GivenConsistency implements Verifier {

  public static final String NAME = "consistency";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    List<Verdict> out = new ArrayList<>();
    boolean declares = proposal.steps().stream().anyMatch(s -> s.claims().stream().anyMatch(c -> c instanceof Claim.Given));
    String context = declares ? normalise(contextOf(query)) : "";
    Map<String, Given> byQuantity = new LinkedHashMap<>();
    for (Claim c : query.established()) {
      if (c instanceof Claim.Given g) byQuantity.put(key(g.quantity()), new Given(g, -1, true));
    }
    boolean conflict = false;
    for (Step s : proposal.steps()) {
      for (int ci = 0; ci < s.claims().size(); ci++) {
        if (!(s.claims().get(ci) instanceof Claim.Given g)) continue;
        Rational value = AnswerBinding.parse(g.value());
        if (g.quote().isBlank() || !context.contains(normalise(g.quote()))) {
          out.add(Verdict.fail(NAME, Rules.CONSISTENCY_QUOTE, s.index(),
              "the given '" + g.quantity() + " = " + g.value() + "' quotes '" + g.quote()
                  + "', which the question does not say", g.quote(), ""));
          continue;
        }
        if (value == null || Quantities.statedIn(g.quote()).stream().noneMatch(value::equals)) {
          out.add(Verdict.fail(NAME, Rules.CONSISTENCY_QUOTE, s.index(),
              "the given '" + g.quantity() + " = " + g.value() + "' is not what '" + g.quote() + "' says", g.quote(), ""));
          continue;
        }
        Given earlier = byQuantity.get(key(g.quantity()));
        if (earlier != null && !value.equals(AnswerBinding.parse(earlier.claim.value()))) {
          conflict = true;
          String rule = earlier.established ? Rules.CONSISTENCY_ESTABLISHED : Rules.CONSISTENCY_CONFLICT;
          String where = earlier.established ? "earlier in this conversation" : "the question";
          out.add(Verdict.ending(NAME, rule, s.index(), Outcome.REFUSE,
              "The statements contradict each other: " + where + " says \"" + earlier.claim.quote()
                  + "\" but also \"" + g.quote() + "\", so " + g.quantity() + " cannot be both "
                  + earlier.claim.value() + " and " + g.value() + ".",
              earlier.claim.quote() + " | " + g.quote()));
        } else {
          byQuantity.putIfAbsent(key(g.quantity()), new Given(g, s.index(), false));
          out.add(Verdict.pass(NAME, Rules.CONSISTENCY_QUOTE, s.index(),
              g.quantity() + " = " + g.value() + " as the question says: \"" + g.quote() + "\"").covering(Verdict.claimKey(s.index(), ci)));
        }
      }
    }
    if (proposal.stance() == Proposal.Stance.ANSWER && !byQuantity.isEmpty()) out.addAll(coverage(query, proposal));
    if (proposal.stance() == Proposal.Stance.REFUSE && !conflict && !proposal.carries(Claim.Logic.class)) {
      out.add(Verdict.fail(NAME, Rules.ABSTENTION_UNSUPPORTED, -1,
          "the refusal names no two givens that contradict each other; answer the question or show the conflict", "", ""));
    }
    if (proposal.stance() == Proposal.Stance.CLARIFY) {
      out.add(Verdict.pass(NAME, Rules.ABSTENTION_ASKED, -1, "the reasoner asked: " + proposal.answer()));
    }
    return out;
  }

  /**
   * A reasoner that declares its givens must account for every number the question states: one
   * it silently skipped may be the statement that contradicts the rest.
   */
  private static List<Verdict> coverage(Query query, Proposal proposal) {
    List<String> quoted = new ArrayList<>();
    for (Step s : proposal.steps()) {
      for (Claim c : s.claims()) if (c instanceof Claim.Given g) quoted.add(normalise(g.quote()));
    }
    List<Verdict> out = new ArrayList<>();
    for (String sentence : query.question().split("(?<=[.!?])\\s+")) {
      if (Quantities.literalsIn(sentence).isEmpty()) continue;
      String n = normalise(sentence);
      boolean covered = quoted.stream().anyMatch(q -> !q.isEmpty() && (n.contains(q) || q.contains(n)));
      if (!covered) {
        out.add(new Verdict(NAME, Rules.CONSISTENCY_UNCOVERED, io.veritrace.core.Grade.WARN, -1,
            "The question also says \"" + sentence.strip() + "\", which the answer does not account for. Which statement is right?",
            sentence.strip(), "", Outcome.CLARIFY));
      }
    }
    return out;
  }

  private record Given(Claim.Given claim, int step, boolean established) {}

  private static String contextOf(Query q) {
    StringBuilder sb = new StringBuilder(q.question());
    for (Turn t : q.history()) sb.append('\n').append(t.text());
    for (Claim c : q.established()) if (c instanceof Claim.Given g) sb.append('\n').append(g.quote());
    return sb.toString();
  }

  private static String key(String quantity) {
    return quantity.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("[\\s\\u00a0]+");

  static String normalise(String s) {
    return SPACES.matcher(NormalizedText.folded(s).toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
  }
}

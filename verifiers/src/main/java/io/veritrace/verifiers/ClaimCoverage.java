package io.veritrace.verifiers;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which claims of a proposal the verdicts checked. The checkable claims are every claim of every
 * step (each equation link, each given, each logic translation, each construct the reader could
 * not read, the final answer) and, when the query carries sources, what each step's words assert
 * ({@link Verdict#textKey}). A claim is covered when a passing verdict names it in
 * {@link Verdict#covers} and no warning, failure or error names it. A verdict that names no claim
 * but judges a step covers that step's words only: that is how the grounding checks, which read
 * the text themselves, count.
 *
 * @param required every checkable claim, by key, with the text that shows it to a person
 * @param coveredBy for each covered key, the rules that covered it
 */
public record ClaimCoverage(Map<String, String> required, Map<String, List<String>> coveredBy) {

  public static ClaimCoverage of(Query query, Proposal proposal, List<Verdict> verdicts) {
    boolean sourced = !query.sources().isEmpty();
    boolean computed = proposal.carries(Claim.Arithmetic.class);
    Map<String, String> required = new LinkedHashMap<>();
    for (Step s : proposal.steps()) {
      List<Claim> claims = s.claims();
      for (int i = 0; i < claims.size(); i++) {
        Claim c = claims.get(i);
        // an answer read from sources, with nothing computed, is what its sentence says
        if (c instanceof Claim.FinalAnswer && sourced && !computed) {
          required.put(Verdict.textKey(s.index()), s.text());
        } else {
          required.put(Verdict.claimKey(s.index(), i), describe(c));
        }
      }
      if (sourced && claims.isEmpty() && !s.text().isBlank()) required.put(Verdict.textKey(s.index()), s.text());
    }
    Map<String, List<String>> passes = new LinkedHashMap<>();
    Set<String> blocked = new HashSet<>();
    for (Verdict v : verdicts) {
      List<String> keys = v.covers().isEmpty() && v.step() >= 0 ? List.of(Verdict.textKey(v.step())) : v.covers();
      for (String k : keys) {
        if (v.grade() == Grade.PASS) passes.computeIfAbsent(k, x -> new ArrayList<>()).add(v.rule());
        else if (v.grade() != Grade.NOT_APPLICABLE) blocked.add(k);
      }
    }
    Map<String, List<String>> covered = new LinkedHashMap<>();
    for (String k : required.keySet()) {
      if (passes.containsKey(k) && !blocked.contains(k)) covered.put(k, List.copyOf(passes.get(k)));
    }
    return new ClaimCoverage(required, covered);
  }

  /** Every checkable claim is covered, and there is at least one. */
  public boolean complete() {
    return !required.isEmpty() && coveredBy.size() == required.size();
  }

  /** The checkable claims nothing covered, as a person would read them. */
  public List<String> uncovered() {
    List<String> out = new ArrayList<>();
    for (var e : required.entrySet()) {
      if (!coveredBy.containsKey(e.getKey())) out.add("step " + e.getKey().substring(0, e.getKey().indexOf('.')) + ": " + e.getValue());
    }
    return out;
  }

  private static String describe(Claim c) {
    if (c instanceof Claim.Arithmetic a) return a.expression().strip() + " = " + a.result().strip();
    if (c instanceof Claim.Given g) return "given " + g.value() + " (" + g.quantity() + ")";
    if (c instanceof Claim.Assumption a) return "assumption " + a.value() + (a.reason().isEmpty() ? "" : " (" + a.reason() + ")");
    if (c instanceof Claim.Logic l) return "logic translation concluding " + l.conclusion();
    if (c instanceof Claim.FinalAnswer f) return "final answer " + f.value();
    if (c instanceof Claim.Unread u) return "unread '" + u.text() + "'" + (u.reason().isEmpty() ? "" : " (" + u.reason() + ")");
    return c.toString();
  }
}

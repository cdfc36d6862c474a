package io.veritrace.verifiers.logic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.Model;
import com.microsoft.z3.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What would settle a conclusion the premises leave open: from a model where it holds and one
 * where it fails, the ground atom to ask about, chosen by probing the solver (does fixing this
 * fact decide the conclusion, one way or both?). {@link QuestionWording} puts it in words.
 */
final class Clarifier {

  /** Atoms the two models agree on, tried as the deciding fact when no differing atom is one. */
  private static final int ALIKE_PROBES = 3;

  private final Context ctx;
  private final Translation t;
  private final LogicLimits limits;
  private final Decision decision;

  Clarifier(Context ctx, Translation t, LogicLimits limits, Decision decision) {
    this.ctx = ctx;
    this.t = t;
    this.limits = limits;
    this.decision = decision;
  }

  Clarification clarify(Model holding, Model failing) {
    return t.encoding() == null
        ? clarifySmtLib(holding, failing)
        : clarifyFirstOrder(holding, failing);
  }

  private Clarification clarifyFirstOrder(Model holding, Model failing) {
    Set<String> inConclusion = new HashSet<>();
    Set<String> conclusionConstants = new HashSet<>();
    Translation.collectGround(t.conclusionNode(), inConclusion, conclusionConstants);
    List<Z3Encoding.GroundAtom> differing = new ArrayList<>();
    List<Z3Encoding.GroundAtom> alike = new ArrayList<>();
    // the value of each atom that points toward the conclusion holding: its value in the
    // holding model where the models differ, the other value where they agree
    Map<Z3Encoding.GroundAtom, Boolean> valueWhereHolds = new LinkedHashMap<>();
    for (Z3Encoding.GroundAtom atom : t.encoding().groundAtoms(limits.maxGroundAtoms())) {
      Expr<?> h = holding.eval(atom.term(), true);
      Expr<?> f = failing.eval(atom.term(), true);
      if (h.isTrue() && f.isFalse() || h.isFalse() && f.isTrue()) {
        differing.add(atom);
        valueWhereHolds.put(atom, h.isTrue());
      } else if (atom.constants().stream().anyMatch(conclusionConstants::contains)
          && t.nearConclusion().contains(atom.predicate())
          && !t.premiseAtoms().contains(atom.written())) {
        // a fact stated outright is known; one the premises never connect to the conclusion
        // cannot decide it
        alike.add(atom);
        valueWhereHolds.put(atom, !h.isTrue());
      }
    }
    // Ask first about facts the premises talk about and the conclusion's individuals, not
    // about the conclusion itself: that is the missing piece a person can supply.
    Comparator<Z3Encoding.GroundAtom> relevance =
        Comparator.comparing((Z3Encoding.GroundAtom a) -> inConclusion.contains(a.written()))
            .thenComparing(
                a ->
                    -(t.premiseAtoms().contains(a.written()) ? 1 : 0)
                        - (a.constants().stream().anyMatch(conclusionConstants::contains)
                            ? 1
                            : 0))
            .thenComparing(a -> a.constants().size());
    differing.sort(relevance);
    alike.sort(relevance);
    List<Z3Encoding.GroundAtom> candidates = new ArrayList<>(differing);
    candidates.addAll(alike);
    List<String> differences =
        differing.stream()
            .map(
                a ->
                    a.written() + ": " + valueWhereHolds.get(a) + " where the conclusion holds, "
                        + !valueWhereHolds.get(a) + " where it fails")
            .toList();
    Z3Encoding.GroundAtom halfway = null;
    Set<Z3Encoding.GroundAtom> differs = new HashSet<>(differing);
    int probes = 0;
    int alikeProbes = 0;
    for (Z3Encoding.GroundAtom atom : candidates) {
      // the conclusion's own atoms settle it trivially; they are asked about only as a last resort
      if (inConclusion.contains(atom.written())) continue;
      boolean agreed = !differs.contains(atom);
      // atoms the two models agree on are tried only when no differing atom helped, and few:
      // each probe is a solver call on quantified premises
      if (agreed && (halfway != null || alikeProbes++ == ALIKE_PROBES)) break;
      if (probes++ == limits.maxClarifyProbes()) break;
      BoolExpr towardHolds = valueWhereHolds.get(atom) ? atom.term() : ctx.mkNot(atom.term());
      Status forward = decision.run(decision.fails(), towardHolds);
      if (forward == Status.UNKNOWN) break;
      boolean settlesHolds = forward == Status.UNSATISFIABLE;
      if (agreed) {
        // the holding model already has the atom's other value, so it never settles the failing
        // side; and it may be forced by the premises, which would settle the holding side vacuously
        if (!settlesHolds) continue;
        Status possible = decision.run(towardHolds);
        if (possible == Status.UNKNOWN) break;
        if (possible == Status.SATISFIABLE) halfway = atom;
        continue;
      }
      Status backward = decision.run(decision.holds(), ctx.mkNot(towardHolds));
      if (backward == Status.UNKNOWN) break;
      boolean settlesFails = backward == Status.UNSATISFIABLE;
      if (settlesHolds && settlesFails) return QuestionWording.question(t.problem(), atom, true, differences);
      if ((settlesHolds || settlesFails) && halfway == null) halfway = atom;
    }
    if (halfway != null) return QuestionWording.question(t.problem(), halfway, false, differences);
    for (Z3Encoding.GroundAtom atom : differing) {
      if (inConclusion.contains(atom.written())) return QuestionWording.question(t.problem(), atom, false, differences);
    }
    return QuestionWording.unsettled(t.problem(), t.conclusionNode(), differences);
  }

  private Clarification clarifySmtLib(Model holding, Model failing) {
    List<String> differences = new ArrayList<>();
    String first = "";
    for (FuncDecl<?> d : holding.getConstDecls()) {
      String name = d.getName().toString();
      if (name.contains("#")) continue;
      Expr<?> h = holding.getConstInterp(d);
      Expr<?> f = failing.eval(ctx.mkConst(d), true);
      if (h != null && !h.equals(f)) {
        if (first.isEmpty()) first = name;
        differences.add(name + " = " + h + " where the conclusion holds, " + f + " where it fails");
      }
    }
    return QuestionWording.dependsOnValue(first, differences);
  }
}

package io.veritrace.verifiers.logic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A problem read into Z3 terms, premise by premise, with what the clarifying question needs of
 * its structure: the ground atoms the premises state and the symbols that share a premise with
 * the conclusion's. {@code encoding} and {@code conclusionNode} are null for SMT-LIB input.
 */
record Translation(
    List<Premise> premises,
    BoolExpr[] premiseTerms,
    BoolExpr conclusion,
    Node conclusionNode,
    Set<String> premiseAtoms,
    Set<String> nearConclusion,
    Z3Encoding encoding,
    LogicProblem problem) {

  /** Reads a first-order problem; {@code premisesOnly}: no conclusion (a consistency check). */
  static Translation firstOrder(
      Context ctx, LogicProblem problem, boolean premisesOnly, LogicLimits limits, List<Repair> repairs)
      throws InputRejected {
    List<Premise> premises = new ArrayList<>();
    List<Signature.Located> located = new ArrayList<>();
    for (Premise p : problem.premises()) {
      String where = "premise " + p.number();
      if (p.formula().isBlank()) {
        repairs.add(new Repair(Repair.Kind.EMPTY_PREMISE, where, "empty premise skipped"));
        continue;
      }
      premises.add(p);
      located.add(new Signature.Located(where, FormulaParser.parse(p.formula(), where, limits, repairs)));
    }
    Node conclusion = null;
    if (!premisesOnly) {
      if (problem.conclusion().isBlank()) {
        throw new InputRejected(Rejection.Cause.EMPTY, "conclusion", "empty conclusion");
      }
      conclusion = FormulaParser.parse(problem.conclusion(), "conclusion", limits, repairs);
      located.add(new Signature.Located("conclusion", conclusion));
    }
    Signature signature = Signature.infer(located, repairs);
    Z3Encoding encoding = new Z3Encoding(ctx, signature);
    BoolExpr[] terms = new BoolExpr[premises.size()];
    for (int i = 0; i < terms.length; i++) terms[i] = encoding.formula(i, located.get(i).expr());
    BoolExpr c = premisesOnly ? ctx.mkTrue() : encoding.formula(terms.length, conclusion);
    Set<String> premiseAtoms = new HashSet<>();
    for (int i = 0; i < terms.length; i++) {
      collectGround(located.get(i).expr(), premiseAtoms, new HashSet<>());
    }
    // symbols that share a premise with one of the conclusion's: where a missing fact would bear
    Set<String> nearConclusion = new HashSet<>();
    if (conclusion != null) {
      Set<String> inConclusion = new HashSet<>();
      collectSymbols(conclusion, inConclusion);
      for (int i = 0; i < terms.length; i++) {
        Set<String> symbols = new HashSet<>();
        collectSymbols(located.get(i).expr(), symbols);
        if (symbols.stream().anyMatch(inConclusion::contains)) nearConclusion.addAll(symbols);
      }
    }
    return new Translation(premises, terms, c, conclusion, premiseAtoms, nearConclusion, encoding, problem);
  }

  /** An SMT-LIB script's assertions: the last one is the conclusion. */
  static Translation smtLib(Context ctx, SmtLibScript script, LogicProblem problem)
      throws InputRejected {
    BoolExpr[] all = script.parse(ctx);
    BoolExpr[] premises = Arrays.copyOf(all, all.length - 1);
    List<Premise> numbered = new ArrayList<>();
    for (int i = 0; i < premises.length; i++) {
      numbered.add(new Premise(i + 1, premises[i].toString(), ""));
    }
    return new Translation(
        numbered, premises, all[premises.length], null, Set.of(), Set.of(), null, problem);
  }

  /** The names of every predicate, function and constant applied in {@code e}. */
  private static void collectSymbols(Node e, Set<String> names) {
    if (e instanceof Node.Apply a) {
      names.add(a.name());
      for (Node arg : a.args()) collectSymbols(arg, names);
    } else if (e instanceof Node.Not n) {
      collectSymbols(n.operand(), names);
    } else if (e instanceof Node.Minus m) {
      collectSymbols(m.operand(), names);
    } else if (e instanceof Node.Chain c) {
      for (Node o : c.operands()) collectSymbols(o, names);
    } else if (e instanceof Node.Binary b) {
      collectSymbols(b.left(), names);
      collectSymbols(b.right(), names);
    } else if (e instanceof Node.Quantified q) {
      collectSymbols(q.body(), names);
    }
  }

  /** Ground atoms written in {@code e}, and the constants it names. */
  static void collectGround(Node e, Set<String> atoms, Set<String> constants) {
    if (e instanceof Node.Apply a) {
      if (a.args().stream().allMatch(x -> x instanceof Node.Apply c && c.args().isEmpty())) {
        atoms.add(Node.show(a));
      }
      if (a.args().isEmpty()) constants.add(a.name());
      for (Node arg : a.args()) collectGround(arg, atoms, constants);
    } else if (e instanceof Node.Not n) {
      collectGround(n.operand(), atoms, constants);
    } else if (e instanceof Node.Minus m) {
      collectGround(m.operand(), atoms, constants);
    } else if (e instanceof Node.Chain c) {
      for (Node o : c.operands()) collectGround(o, atoms, constants);
    } else if (e instanceof Node.Binary b) {
      collectGround(b.left(), atoms, constants);
      collectGround(b.right(), atoms, constants);
    } else if (e instanceof Node.Quantified q) {
      collectGround(q.body(), atoms, constants);
    }
  }
}

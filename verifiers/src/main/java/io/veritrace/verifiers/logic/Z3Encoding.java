package io.veritrace.verifiers.logic;

import com.microsoft.z3.ArithExpr;
import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.IntSort;
import com.microsoft.z3.Sort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed formulas as Z3 terms over one uninterpreted sort {@code U} for individuals, with Z3's
 * integers for numbers. One encoding per check; it lives in the checker's context.
 */
final class Z3Encoding {

  /** A predicate applied to named constants, with the Z3 term that evaluates it in a model. */
  record GroundAtom(String predicate, List<String> constants, BoolExpr term) {
    String written() {
      return constants.isEmpty() ? predicate : predicate + "(" + String.join(", ", constants) + ")";
    }
  }

  private final Context ctx;
  private final Signature signature;
  private final Sort domain;
  private final Map<String, FuncDecl<?>> decls = new LinkedHashMap<>();
  private final Map<Integer, Expr<?>> bound = new HashMap<>();
  private int formula;

  Z3Encoding(Context ctx, Signature signature) {
    this.ctx = ctx;
    this.signature = signature;
    this.domain = ctx.mkUninterpretedSort("U");
    signature.symbols().forEach((key, symbol) -> decls.put(key, declare(symbol)));
  }

  private FuncDecl<?> declare(Signature.Symbol symbol) {
    Sort[] args = symbol.args().stream().map(this::sort).toArray(Sort[]::new);
    return ctx.mkFuncDecl(symbol.name(), args, sort(symbol.result()));
  }

  private Sort sort(Signature.Sort sort) {
    return switch (sort) {
      case BOOL -> ctx.getBoolSort();
      case INT -> ctx.getIntSort();
      case DOMAIN -> domain;
    };
  }

  /** The formula numbered {@code index} in the list the signature was inferred from. */
  BoolExpr formula(int index, Node expr) {
    formula = index;
    bound.clear();
    return (BoolExpr) encode(expr);
  }

  private Expr<?> encode(Node e) {
    if (e instanceof Node.Apply a) {
      Expr<?>[] args = new Expr<?>[a.args().size()];
      for (int i = 0; i < args.length; i++) args[i] = encode(a.args().get(i));
      return ctx.mkApp(decls.get(a.key()), args);
    }
    if (e instanceof Node.Var v) return bound.get(v.binding());
    if (e instanceof Node.Num n) {
      return ctx.mkInt(n.value().toString());
    }
    if (e instanceof Node.Not n) {
      return ctx.mkNot((BoolExpr) encode(n.operand()));
    }
    if (e instanceof Node.Minus m) {
      return ctx.mkUnaryMinus(arith(m.operand()));
    }
    if (e instanceof Node.Chain c) return chain(c);
    if (e instanceof Node.Binary b) return binary(b);
    Node.Quantified q =
        (Node.Quantified) e;
    Expr<?>[] vars = new Expr<?>[q.vars().size()];
    for (int i = 0; i < vars.length; i++) {
      int id = q.bindings().get(i);
      vars[i] = ctx.mkFreshConst(q.vars().get(i), sort(signature.binding(formula, id)));
      bound.put(id, vars[i]);
    }
    BoolExpr body = (BoolExpr) encode(q.body());
    return q.universal()
        ? ctx.mkForall(vars, body, 1, null, null, null, null)
        : ctx.mkExists(vars, body, 1, null, null, null, null);
  }

  @SuppressWarnings("unchecked")
  private ArithExpr<IntSort> arith(Node e) {
    return (ArithExpr<IntSort>) encode(e);
  }

  @SuppressWarnings("unchecked")
  private Expr<?> chain(Node.Chain c) {
    List<Node> ops = c.operands();
    switch (c.op()) {
      case AND:
      case OR:
        {
          BoolExpr[] parts = new BoolExpr[ops.size()];
          for (int i = 0; i < parts.length; i++) parts[i] = (BoolExpr) encode(ops.get(i));
          return c.op() == Node.Op.AND
              ? ctx.mkAnd(parts)
              : ctx.mkOr(parts);
        }
      case ADD:
      case MUL:
        {
          ArithExpr<IntSort>[] parts = new ArithExpr[ops.size()];
          for (int i = 0; i < parts.length; i++) parts[i] = arith(ops.get(i));
          return c.op() == Node.Op.ADD
              ? ctx.mkAdd(parts)
              : ctx.mkMul(parts);
        }
      default:
        {
          // ⊕ and ↔ are associative: a balanced fold keeps long chains shallow.
          List<BoolExpr> level = new ArrayList<>();
          for (Node op : ops) level.add((BoolExpr) encode(op));
          boolean xor = c.op() == Node.Op.XOR;
          while (level.size() > 1) {
            List<BoolExpr> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
              next.add(
                  xor
                      ? ctx.mkXor(level.get(i), level.get(i + 1))
                      : ctx.mkIff(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) next.add(level.get(level.size() - 1));
            level = next;
          }
          return level.get(0);
        }
    }
  }

  private Expr<?> binary(Node.Binary b) {
    return switch (b.op()) {
      case IMPLIES -> ctx.mkImplies((BoolExpr) encode(b.left()), (BoolExpr) encode(b.right()));
      case EQ -> ctx.mkEq(encode(b.left()), encode(b.right()));
      case NE -> ctx.mkNot(ctx.mkEq(encode(b.left()), encode(b.right())));
      case LT -> ctx.mkLt(arith(b.left()), arith(b.right()));
      case LE -> ctx.mkLe(arith(b.left()), arith(b.right()));
      case GT -> ctx.mkGt(arith(b.left()), arith(b.right()));
      case GE -> ctx.mkGe(arith(b.left()), arith(b.right()));
      default -> throw new IllegalStateException("not a binary operator: " + b.op());
    };
  }

  /**
   * Every predicate over individuals applied to every tuple of named constants, up to {@code
   * limit} atoms: the facts two models can disagree on in words a person knows.
   */
  List<GroundAtom> groundAtoms(int limit) {
    List<String> constants = new ArrayList<>();
    signature.symbols().forEach(
        (key, s) -> {
          if (s.args().isEmpty() && s.result() == Signature.Sort.DOMAIN) constants.add(key);
        });
    List<GroundAtom> atoms = new ArrayList<>();
    for (Map.Entry<String, Signature.Symbol> e : signature.symbols().entrySet()) {
      Signature.Symbol s = e.getValue();
      if (s.result() != Signature.Sort.BOOL) continue;
      if (s.args().stream().anyMatch(a -> a != Signature.Sort.DOMAIN)) continue;
      if (!s.args().isEmpty() && constants.isEmpty()) continue;
      int[] index = new int[s.args().size()];
      while (atoms.size() < limit) {
        List<String> names = new ArrayList<>();
        Expr<?>[] args = new Expr<?>[index.length];
        for (int i = 0; i < index.length; i++) {
          String key = constants.get(index[i]);
          names.add(key.substring(0, key.lastIndexOf('/')));
          args[i] = ctx.mkApp(decls.get(key));
        }
        atoms.add(new GroundAtom(s.name(), names, (BoolExpr) ctx.mkApp(decls.get(e.getKey()), args)));
        int i = index.length - 1;
        while (i >= 0 && ++index[i] == constants.size()) index[i--] = 0;
        if (i < 0) break;
      }
    }
    return atoms;
  }
}

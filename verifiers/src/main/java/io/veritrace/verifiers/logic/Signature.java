package io.veritrace.verifiers.logic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What every symbol of a problem is, inferred from how it is used across all its formulas:
 * a predicate (true/false), a number-valued function or constant, or an individual of the
 * uninterpreted domain. Symbols are keyed by name and arity, so a name used with two arities is
 * two symbols (reported as a repair). A symbol used as two different kinds is rejected.
 */
final class Signature {

  enum Sort {
    BOOL("a formula (true or false)"),
    INT("a number"),
    DOMAIN("an individual");

    final String words;

    Sort(String words) {
      this.words = words;
    }
  }

  record Symbol(String name, List<Sort> args, Sort result) {
    Symbol {
      args = List.copyOf(args);
    }
  }

  /** A formula with where it came from ({@code premise 3}). */
  record Located(String where, Node expr) {}

  private final Map<String, Symbol> symbols;
  private final Map<String, Sort> bindings;

  private Signature(Map<String, Symbol> symbols, Map<String, Sort> bindings) {
    this.symbols = symbols;
    this.bindings = bindings;
  }

  static String key(String name, int arity) {
    return name + "/" + arity;
  }

  Symbol symbol(String key) {
    return symbols.get(key);
  }

  Map<String, Symbol> symbols() {
    return symbols;
  }

  /** The sort of the variable bound by quantifier {@code binding} of formula {@code formula}. */
  Sort binding(int formula, int binding) {
    return bindings.get(formula + ":" + binding);
  }

  static Signature infer(List<Located> formulas, List<Repair> repairs) throws InputRejected {
    Inference inference = new Inference();
    for (int i = 0; i < formulas.size(); i++) {
      inference.formula = i;
      inference.where = formulas.get(i).where();
      Node e = formulas.get(i).expr();
      inference.unify(inference.infer(e), Inference.BOOL, e);
    }
    for (int i = 0; i < formulas.size(); i++) {
      inference.formula = i;
      inference.where = formulas.get(i).where();
      inference.checkTerms(formulas.get(i).expr());
    }
    Signature signature = inference.result();
    reportArityClashes(inference.firstUse, repairs);
    return signature;
  }

  private static void reportArityClashes(Map<String, String> firstUse, List<Repair> repairs) {
    Map<String, List<String>> byName = new LinkedHashMap<>();
    for (String key : firstUse.keySet()) {
      String name = key.substring(0, key.lastIndexOf('/'));
      byName.computeIfAbsent(name, n -> new ArrayList<>()).add(key);
    }
    byName.forEach(
        (name, keys) -> {
          if (keys.size() < 2) return;
          String uses =
              keys.stream()
                  .map(k -> k.substring(k.lastIndexOf('/') + 1) + " (" + firstUse.get(k) + ")")
                  .collect(Collectors.joining(" and "));
          repairs.add(
              new Repair(
                  Repair.Kind.ARITY_CLASH,
                  firstUse.get(keys.get(1)),
                  name + " is used with " + uses.replace(" (", " argument(s) (")
                      + ": read as " + keys.size() + " different symbols "
                      + String.join(", ", keys)));
        });
  }

  /** Union-find over sort slots; slots 0, 1, 2 are the fixed sorts. */
  private static final class Inference {
    static final int BOOL = 0;
    static final int INT = 1;
    static final int DOMAIN = 2;

    final List<Integer> parent = new ArrayList<>(List.of(0, 1, 2));
    final Map<String, Integer> named = new LinkedHashMap<>();
    final Map<String, String> firstUse = new LinkedHashMap<>();
    int formula;
    String where;

    int slot(String name) {
      return named.computeIfAbsent(name, n -> fresh());
    }

    int fresh() {
      parent.add(parent.size());
      return parent.size() - 1;
    }

    int find(int s) {
      while (parent.get(s) != s) {
        parent.set(s, parent.get(parent.get(s)));
        s = parent.get(s);
      }
      return s;
    }

    Sort sortOf(int s) {
      int root = find(s);
      return root == BOOL ? Sort.BOOL : root == INT ? Sort.INT : root == DOMAIN ? Sort.DOMAIN : null;
    }

    void unify(int a, int b, Node at) throws InputRejected {
      int ra = find(a);
      int rb = find(b);
      if (ra == rb) return;
      if (ra <= DOMAIN && rb <= DOMAIN) {
        Sort wanted = sortOf(b);
        Sort found = sortOf(a);
        throw new InputRejected(
            Rejection.Cause.SORT_CLASH,
            where,
            Node.show(at) + " must be " + wanted.words + " here, but its symbols are used as "
                + found.words + " elsewhere; use different names for different things");
      }
      if (ra <= DOMAIN) {
        parent.set(rb, ra);
      } else {
        parent.set(ra, rb);
      }
    }

    int infer(Node e) throws InputRejected {
      if (e instanceof Node.Apply a) {
        firstUse.putIfAbsent(a.key(), where);
        for (int i = 0; i < a.args().size(); i++) {
          unify(infer(a.args().get(i)), slot("arg:" + a.key() + ":" + i), a.args().get(i));
        }
        return slot("result:" + a.key());
      }
      if (e instanceof Node.Var v) return slot("var:" + formula + ":" + v.binding());
      if (e instanceof Node.Num) return INT;
      if (e instanceof Node.Not n) {
        unify(infer(n.operand()), BOOL, n.operand());
        return BOOL;
      }
      if (e instanceof Node.Minus m) {
        unify(infer(m.operand()), INT, m.operand());
        return INT;
      }
      if (e instanceof Node.Chain c) {
        int sort = c.op().connective() ? BOOL : INT;
        for (Node operand : c.operands()) unify(infer(operand), sort, operand);
        return sort;
      }
      if (e instanceof Node.Binary b) {
        if (b.op() == Node.Op.IMPLIES) {
          unify(infer(b.left()), BOOL, b.left());
          unify(infer(b.right()), BOOL, b.right());
        } else if (b.op().ordering()) {
          unify(infer(b.left()), INT, b.left());
          unify(infer(b.right()), INT, b.right());
        } else {
          unify(infer(b.right()), infer(b.left()), b.right());
        }
        return BOOL;
      }
      Node.Quantified q = (Node.Quantified) e;
      for (int id : q.bindings()) slot("var:" + formula + ":" + id);
      unify(infer(q.body()), BOOL, q.body());
      return BOOL;
    }

    /** Arguments, compared terms and variables must be individuals or numbers. */
    void checkTerms(Node e) throws InputRejected {
      if (e instanceof Node.Apply a) {
        for (Node arg : a.args()) {
          requireTerm(arg, "an argument of " + a.name());
          checkTerms(arg);
        }
      } else if (e instanceof Node.Not n) {
        checkTerms(n.operand());
      } else if (e instanceof Node.Minus m) {
        checkTerms(m.operand());
      } else if (e instanceof Node.Chain c) {
        for (Node operand : c.operands()) checkTerms(operand);
      } else if (e instanceof Node.Binary b) {
        if (b.op() == Node.Op.EQ || b.op() == Node.Op.NE) {
          requireTerm(b.left(), "compared with " + b.op().symbol + " (use ↔ for formulas)");
        }
        checkTerms(b.left());
        checkTerms(b.right());
      } else if (e instanceof Node.Quantified q) {
        for (int i = 0; i < q.vars().size(); i++) {
          if (sortOf(slot("var:" + formula + ":" + q.bindings().get(i))) == Sort.BOOL) {
            throw new InputRejected(
                Rejection.Cause.SORT_CLASH,
                where,
                "the variable " + q.vars().get(i) + " is used as a formula; variables stand for"
                    + " individuals or numbers");
          }
        }
        checkTerms(q.body());
      }
    }

    private void requireTerm(Node term, String role) throws InputRejected {
      if (term instanceof Node.Apply a && sortOf(slot("result:" + a.key())) == Sort.BOOL) {
        throw new InputRejected(
            Rejection.Cause.SORT_CLASH,
            where,
            Node.show(term) + " is " + role + ", so it must be an individual or a number, but "
                + a.name() + " is used as a predicate (true or false)"
                + (a.args().isEmpty() ? "" : "; use a different name for the function"));
      }
      if (!(term instanceof Node.Apply) && !(term instanceof Node.Var)
          && !(term instanceof Node.Num) && !(term instanceof Node.Minus)
          && !(term instanceof Node.Chain c && !c.op().connective())) {
        throw new InputRejected(
            Rejection.Cause.SORT_CLASH,
            where,
            Node.show(term) + " is a formula but is " + role
                + "; it must be an individual or a number");
      }
    }

    Signature result() {
      Map<String, Symbol> symbols = new LinkedHashMap<>();
      for (String key : firstUse.keySet()) {
        int slash = key.lastIndexOf('/');
        int arity = Integer.parseInt(key.substring(slash + 1));
        List<Sort> args = new ArrayList<>();
        for (int i = 0; i < arity; i++) args.add(resolved(slot("arg:" + key + ":" + i)));
        symbols.put(
            key, new Symbol(key.substring(0, slash), args, resolved(slot("result:" + key))));
      }
      Map<String, Sort> vars = new LinkedHashMap<>();
      named.forEach(
          (name, s) -> {
            if (name.startsWith("var:")) vars.put(name.substring(4), resolved(s));
          });
      return new Signature(symbols, vars);
    }

    /** Anything nothing pins down is an individual of the domain. */
    private Sort resolved(int s) {
      Sort sort = sortOf(s);
      return sort == null ? Sort.DOMAIN : sort;
    }
  }
}

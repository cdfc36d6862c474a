package io.veritrace.verifiers.logic;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A node of a parsed formula: a formula or a term. One tree for both, because the surface syntax does not say which a
 * name is ({@code Tall(x)} is a formula, {@code age(x)} a number): {@link Signature} decides from
 * how each symbol is used. Associative operators are n-ary so long chains stay shallow.
 */
sealed interface Node {

  /** A name applied to arguments; no arguments for a constant or a propositional atom. */
  record Apply(String name, List<Node> args) implements Node {
    public Apply {
      args = List.copyOf(args);
    }

    String key() {
      return Signature.key(name, args.size());
    }
  }

  /** A reference to the variable bound by the quantifier numbered {@code binding}. */
  record Var(String name, int binding) implements Node {}

  record Num(BigInteger value) implements Node {}

  record Not(Node operand) implements Node {}

  /** Unary minus on a number. */
  record Minus(Node operand) implements Node {}

  /** {@code op} over two or more operands, left to right. */
  record Chain(Op op, List<Node> operands) implements Node {
    public Chain {
      operands = List.copyOf(operands);
    }
  }

  /** Implication, comparison or (in)equality: exactly two operands. */
  record Binary(Op op, Node left, Node right) implements Node {}

  /** {@code vars} are bound with the binding numbers {@code bindings}, same order. */
  record Quantified(boolean universal, List<String> vars, List<Integer> bindings, Node body)
      implements Node {
    public Quantified {
      vars = List.copyOf(vars);
      bindings = List.copyOf(bindings);
    }
  }

  enum Op {
    AND("∧"),
    OR("∨"),
    XOR("⊕"),
    IFF("↔"),
    IMPLIES("→"),
    EQ("="),
    NE("≠"),
    LT("<"),
    LE("≤"),
    GT(">"),
    GE("≥"),
    ADD("+"),
    MUL("*");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean connective() {
      return this == AND || this == OR || this == XOR || this == IFF || this == IMPLIES;
    }

    boolean arithmetic() {
      return this == ADD || this == MUL;
    }

    boolean ordering() {
      return this == LT || this == LE || this == GT || this == GE;
    }
  }

  /** The expression written back in the Unicode syntax, parenthesised where it nests. */
  static String show(Node e) {
    if (e instanceof Apply a) {
      return a.args().isEmpty()
          ? a.name()
          : a.name()
              + a.args().stream().map(Node::show).collect(Collectors.joining(", ", "(", ")"));
    }
    if (e instanceof Var v) return v.name();
    if (e instanceof Num n) return n.value().toString();
    if (e instanceof Not n) return "¬" + nested(n.operand());
    if (e instanceof Minus m) return "-" + nested(m.operand());
    if (e instanceof Chain c) {
      if (c.operands().isEmpty()) return c.op() == Op.AND ? "⊤" : "⊥";
      return c.operands().stream()
          .map(Node::nested)
          .collect(Collectors.joining(" " + c.op().symbol + " "));
    }
    if (e instanceof Binary b) {
      return nested(b.left()) + " " + b.op().symbol + " " + nested(b.right());
    }
    Quantified q = (Quantified) e;
    String prefix = q.universal() ? "∀" : "∃";
    return q.vars().stream().map(v -> prefix + v).collect(Collectors.joining(" "))
        + " "
        + nested(q.body());
  }

  private static String nested(Node e) {
    return e instanceof Chain || e instanceof Binary || e instanceof Quantified
        ? "(" + show(e) + ")"
        : show(e);
  }
}

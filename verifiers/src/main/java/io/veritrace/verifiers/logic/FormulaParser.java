package io.veritrace.verifiers.logic;

import io.veritrace.verifiers.logic.Node.Op;
import io.veritrace.verifiers.logic.Lexer.Kind;
import io.veritrace.verifiers.logic.Lexer.Token;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for one formula. Precedence, loosest first: ↔, → (right-associative),
 * ⊕, ∨, ∧, then ¬ and the quantifiers, comparisons, + -, *, unary minus. A quantifier's body
 * reaches as far right as it can ({@code ∀x P(x) → Q(x)} is {@code ∀x (P(x) → Q(x))}), the
 * reading FOLIO's annotations assume. Recursion is bounded by {@code maxDepth}, so hostile nesting
 * is rejected before it can exhaust the stack.
 *
 * <p>Messy input is repaired on the token list and parsed again, each repair reported: unbalanced
 * parentheses, a trailing full stop, a variable quantified twice in a row while another is left
 * free (the second binder is read as the free one), remaining free variables (universally
 * closed), and multi-word constants inside argument lists (joined with {@code _}).
 */
final class FormulaParser {

  /**
   * Names that read as variables when nothing binds them: x, y, z, u, v, w, with at most one
   * digit (x1), and $x. Longer ones such as y1995 are constants.
   */
  private static final Pattern VARIABLE_NAME = Pattern.compile("[u-z][0-9]?|\\$\\w+");

  /** {@code rebinds}: token indexes of inner binders of the same name inside this one's scope. */
  private record Binding(String name, int id, List<Integer> rebinds) {}

  private final List<Token> tokens;
  private final String where;
  private final int maxDepth;
  private final List<Binding> scope = new ArrayList<>();
  private final List<Integer> uses = new ArrayList<>();
  private final Set<String> free = new LinkedHashSet<>();
  /** Token indexes of binders that rebind a name whose outer binding is never used. */
  private final List<Integer> vacuousRebinds = new ArrayList<>();
  private final List<Repair> notes = new ArrayList<>();
  private int pos;
  private int depth;
  /** True while parsing an argument list, where ',' separates arguments. */
  private boolean inArguments;

  private FormulaParser(List<Token> tokens, String where, int maxDepth) {
    this.tokens = tokens;
    this.where = where;
    this.maxDepth = maxDepth;
  }

  /** Parses {@code text}, adding the repairs it needed to {@code repairs}. */
  static Node parse(String text, String where, LogicLimits limits, List<Repair> repairs)
      throws InputRejected {
    if (text.length() > limits.maxFormulaChars()) {
      throw new InputRejected(
          Rejection.Cause.TOO_LARGE,
          where,
          "the formula has " + text.length() + " characters; the limit is "
              + limits.maxFormulaChars());
    }
    List<Token> tokens = new ArrayList<>(Lexer.tokens(text, where, limits.maxDigits(), repairs));
    if (tokens.isEmpty()) throw new InputRejected(Rejection.Cause.EMPTY, where, "empty formula");
    balance(tokens, where, repairs);
    Token last = tokens.get(tokens.size() - 1);
    if (last.kind() == Kind.DOT) {
      tokens.remove(tokens.size() - 1);
      repairs.add(
          new Repair(
              Repair.Kind.TRAILING_FULL_STOP,
              where,
              "ignored the full stop at column " + last.column()));
    }

    FormulaParser first = new FormulaParser(tokens, where, limits.maxDepth());
    Node expr = first.formula();
    if (first.vacuousRebinds.isEmpty() && first.free.isEmpty()) {
      repairs.addAll(first.notes);
      return expr;
    }
    List<Token> fixed = new ArrayList<>(tokens);
    List<String> open = new ArrayList<>(first.free);
    for (int i = 0; i < first.vacuousRebinds.size(); i++) {
      Token binder = tokens.get(first.vacuousRebinds.get(i));
      if (first.vacuousRebinds.size() == open.size()) {
        String name = open.get(i);
        fixed.set(first.vacuousRebinds.get(i), new Token(Kind.IDENT, name, binder.column()));
        repairs.add(
            new Repair(
                Repair.Kind.DUPLICATE_QUANTIFIER,
                where,
                binder.text() + " is quantified twice in a row while " + name
                    + " is bound nowhere: read the second binder of " + binder.text()
                    + " (column " + binder.column() + ") as " + name));
      } else {
        repairs.add(
            new Repair(
                Repair.Kind.DUPLICATE_QUANTIFIER,
                where,
                binder.text() + " is quantified twice; the outer quantifier binds nothing and"
                    + " is ignored"));
      }
    }
    if (first.vacuousRebinds.size() != open.size() && !open.isEmpty()) {
      List<Token> closed = new ArrayList<>();
      for (String name : open) {
        closed.add(new Token(Kind.FORALL, "∀", 0));
        closed.add(new Token(Kind.IDENT, name, 0));
      }
      closed.add(new Token(Kind.LPAREN, "(", 0));
      closed.addAll(fixed);
      closed.add(new Token(Kind.RPAREN, ")", 0));
      fixed = closed;
      repairs.add(
          new Repair(
              Repair.Kind.FREE_VARIABLE,
              where,
              "free variable" + (open.size() > 1 ? "s " : " ") + String.join(", ", open)
                  + " bound by nothing: read as ∀" + String.join(" ∀", open)
                  + " over the whole formula"));
    }
    FormulaParser second = new FormulaParser(fixed, where, limits.maxDepth());
    Node repaired = second.formula();
    repairs.addAll(second.notes);
    return repaired;
  }

  /** Drops each ')' that closes nothing and adds the ')' still missing at the end. */
  private static void balance(List<Token> tokens, String where, List<Repair> repairs) {
    int open = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Kind kind = tokens.get(i).kind();
      if (kind == Kind.LPAREN) {
        open++;
      } else if (kind == Kind.RPAREN && open == 0) {
        repairs.add(
            new Repair(
                Repair.Kind.UNBALANCED_PARENTHESES,
                where,
                "dropped the ')' at column " + tokens.get(i).column() + ", which closes nothing"));
        tokens.remove(i--);
      } else if (kind == Kind.RPAREN) {
        open--;
      }
    }
    if (open > 0) {
      int end = tokens.get(tokens.size() - 1).column() + 1;
      for (int i = 0; i < open; i++) tokens.add(new Token(Kind.RPAREN, ")", end));
      repairs.add(
          new Repair(
              Repair.Kind.UNBALANCED_PARENTHESES,
              where,
              "added " + open + " missing ')' at the end"));
    }
  }

  private Node formula() throws InputRejected {
    Node e = iff();
    if (pos < tokens.size()) {
      Token t = tokens.get(pos);
      throw reject(
          t,
          "unexpected '" + t.text() + "' after the complete formula " + Node.show(e)
              + (t.kind() == Kind.IDENT || t.kind() == Kind.LPAREN
                  ? "; a connective (∧ ∨ → ↔ ⊕) is missing before it"
                  : ""));
    }
    return e;
  }

  private Node iff() throws InputRejected {
    return chain(Op.IFF, Kind.IFF, this::implication);
  }

  private Node implication() throws InputRejected {
    Node left = xor();
    if (!accept(Kind.IMPLIES)) return left;
    enter();
    Node right = implication();
    depth--;
    return new Node.Binary(Op.IMPLIES, left, right);
  }

  private Node xor() throws InputRejected {
    return chain(Op.XOR, Kind.XOR, this::disjunction);
  }

  private Node disjunction() throws InputRejected {
    return chain(Op.OR, Kind.OR, this::conjunction);
  }

  private Node conjunction() throws InputRejected {
    Node first = unary();
    List<Node> operands = new ArrayList<>(List.of(first));
    while (true) {
      if (accept(Kind.AND)) {
        operands.add(unary());
      } else if (juxtaposed()) {
        Token at = tokens.get(pos);
        notes.add(
            new Repair(
                Repair.Kind.MISSING_CONNECTIVE,
                where,
                (at.kind() == Kind.COMMA ? "read the ',' at column " : "no connective before column ")
                    + at.column() + " between two formulas: read as ∧"));
        accept(Kind.COMMA);
        operands.add(unary());
      } else {
        break;
      }
    }
    return operands.size() == 1 ? first : new Node.Chain(Op.AND, operands);
  }

  /**
   * Two formulas side by side, or separated by a comma, outside any argument list: {@code
   * Country(x) Nearby(m, x)}. Translators write lists of conditions this way; reading them as a
   * conjunction is the only reading, and it is reported.
   */
  private boolean juxtaposed() {
    if (inArguments || pos == 0 || pos >= tokens.size()) return false;
    Kind before = tokens.get(pos - 1).kind();
    if (before != Kind.RPAREN) return false;
    int start = peek(Kind.COMMA) ? pos + 1 : pos;
    if (start >= tokens.size()) return false;
    return switch (tokens.get(start).kind()) {
      case NOT, FORALL, EXISTS -> true;
      case IDENT -> start + 1 < tokens.size() && tokens.get(start + 1).kind() == Kind.LPAREN;
      default -> false;
    };
  }

  private interface Level {
    Node parse() throws InputRejected;
  }

  private Node chain(Op op, Kind kind, Level next) throws InputRejected {
    Node first = next.parse();
    if (!peek(kind)) return first;
    List<Node> operands = new ArrayList<>(List.of(first));
    while (accept(kind)) operands.add(next.parse());
    return new Node.Chain(op, operands);
  }

  private Node unary() throws InputRejected {
    if (accept(Kind.NOT)) {
      enter();
      Node operand = unary();
      depth--;
      return new Node.Not(operand);
    }
    if (peek(Kind.FORALL) || peek(Kind.EXISTS)) return quantified();
    return comparison();
  }

  private Node quantified() throws InputRejected {
    enter();
    boolean universal = tokens.get(pos++).kind() == Kind.FORALL;
    List<String> vars = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    int scopeBefore = scope.size();
    do {
      Token v = expect(Kind.IDENT, "a variable after " + (universal ? "∀" : "∃"));
      bind(v, pos - 1);
      vars.add(v.text());
      ids.add(scope.get(scope.size() - 1).id());
    } while (accept(Kind.COMMA) || anotherVariable());
    if (!accept(Kind.DOT)) accept(Kind.COLON);
    boolean outerArguments = inArguments;
    inArguments = false;
    Node body = iff();
    inArguments = outerArguments;
    for (int i = scope.size() - 1; i >= scopeBefore; i--) {
      Binding b = scope.remove(i);
      if (uses.get(b.id()) == 0 && !b.rebinds().isEmpty()) vacuousRebinds.add(b.rebinds().get(0));
    }
    depth--;
    return new Node.Quantified(universal, vars, ids, body);
  }

  /**
   * In {@code ∀x y (…)} a second variable follows without a comma: a variable-like name followed
   * by what can start a body, not by an operator ({@code ∀x x > 0} has one variable).
   */
  private boolean anotherVariable() {
    if (!peek(Kind.IDENT) || !VARIABLE_NAME.matcher(tokens.get(pos).text()).matches()) {
      return false;
    }
    if (pos + 1 >= tokens.size()) return false;
    return switch (tokens.get(pos + 1).kind()) {
      case IDENT, LPAREN, DOT, COLON, COMMA, FORALL, EXISTS, NOT -> true;
      default -> false;
    };
  }

  /**
   * An inner binder that rebinds a name whose outer binding is never used makes the outer one
   * vacuous; the inner one is then probably a typo for a variable left free.
   */
  private void bind(Token v, int tokenIndex) throws InputRejected {
    if (v.text().contains("-") || v.text().contains(".")) {
      throw reject(v, "'" + v.text() + "' cannot be a variable; variables are plain names");
    }
    Binding outer = lookup(v.text());
    if (outer != null) outer.rebinds().add(tokenIndex);
    scope.add(new Binding(v.text(), uses.size(), new ArrayList<>()));
    uses.add(0);
  }

  private Node comparison() throws InputRejected {
    Node left = sum();
    Op op = comparisonOp();
    if (op == null) return left;
    Node right = sum();
    if (comparisonOp() != null) {
      throw reject(
          tokens.get(pos - 1),
          "comparisons do not chain; write a < b ∧ b < c instead of a < b < c");
    }
    return new Node.Binary(op, left, right);
  }

  private Op comparisonOp() {
    if (pos >= tokens.size()) return null;
    Op op =
        switch (tokens.get(pos).kind()) {
          case EQ -> Op.EQ;
          case NE -> Op.NE;
          case LT -> Op.LT;
          case LE -> Op.LE;
          case GT -> Op.GT;
          case GE -> Op.GE;
          default -> null;
        };
    if (op != null) pos++;
    return op;
  }

  private Node sum() throws InputRejected {
    Node first = product();
    if (!peek(Kind.PLUS) && !peek(Kind.MINUS)) return first;
    List<Node> operands = new ArrayList<>(List.of(first));
    while (peek(Kind.PLUS) || peek(Kind.MINUS)) {
      boolean minus = tokens.get(pos++).kind() == Kind.MINUS;
      Node next = product();
      operands.add(minus ? new Node.Minus(next) : next);
    }
    return new Node.Chain(Op.ADD, operands);
  }

  private Node product() throws InputRejected {
    return chain(Op.MUL, Kind.STAR, this::signed);
  }

  private Node signed() throws InputRejected {
    if (!accept(Kind.MINUS)) return primary();
    enter();
    Node operand = signed();
    depth--;
    return new Node.Minus(operand);
  }

  private Node primary() throws InputRejected {
    if (pos >= tokens.size()) {
      throw new InputRejected(
          Rejection.Cause.SYNTAX,
          where,
          "the formula ends where a predicate, term or '(' should follow");
    }
    Token t = tokens.get(pos++);
    switch (t.kind()) {
      case NUMBER:
        return new Node.Num(new BigInteger(t.text()));
      case TRUE:
        return new Node.Chain(Op.AND, List.of());
      case FALSE:
        return new Node.Chain(Op.OR, List.of());
      case LPAREN:
        enter();
        boolean outerArguments = inArguments;
        inArguments = false;
        Node inner = iff();
        inArguments = outerArguments;
        expect(Kind.RPAREN, "')' to close the '(' at column " + t.column());
        depth--;
        return inner;
      case IDENT:
        return application(t);
      default:
        throw reject(
            t,
            "expected a predicate, term or '(' but found '" + t.text() + "'"
                + (t.kind() == Kind.RPAREN ? "; something is missing before it" : ""));
    }
  }

  private Node application(Token name) throws InputRejected {
    Binding bound = lookup(name.text());
    if (bound != null) {
      if (peek(Kind.LPAREN)) {
        throw reject(name, name.text() + " is a bound variable and cannot take arguments");
      }
      uses.set(bound.id(), uses.get(bound.id()) + 1);
      return new Node.Var(name.text(), bound.id());
    }
    int dash = name.text().indexOf('-');
    if (dash > 0 && lookup(name.text().substring(0, dash)) != null) {
      throw reject(
          name,
          "'" + name.text() + "' starts with the bound variable " + name.text().substring(0, dash)
              + "; write subtraction with spaces (" + name.text().replaceFirst("-", " - ")
              + ") or rename the constant");
    }
    if (!accept(Kind.LPAREN)) {
      if (VARIABLE_NAME.matcher(name.text()).matches()) free.add(name.text());
      return new Node.Apply(name.text(), List.of());
    }
    enter();
    List<Node> args = new ArrayList<>();
    if (peek(Kind.RPAREN)) throw reject(tokens.get(pos), name.text() + "() has no arguments");
    boolean outerArguments = inArguments;
    inArguments = true;
    do {
      args.add(argument());
    } while (accept(Kind.COMMA));
    inArguments = outerArguments;
    expect(Kind.RPAREN, "',' or ')' in the arguments of " + name.text());
    depth--;
    return new Node.Apply(name.text(), args);
  }

  /** One argument; several plain words in a row are one multi-word constant. */
  private Node argument() throws InputRejected {
    int start = pos;
    Node arg = iff();
    if (!(arg instanceof Node.Apply a) || !a.args().isEmpty() || pos - start != 1) return arg;
    StringBuilder joined = new StringBuilder(a.name());
    while (peek(Kind.IDENT)
        && lookup(tokens.get(pos).text()) == null
        && !(pos + 1 < tokens.size() && tokens.get(pos + 1).kind() == Kind.LPAREN)) {
      joined.append('_').append(tokens.get(pos++).text());
    }
    if (joined.length() == a.name().length()) return arg;
    String written = joined.toString().replace('_', ' ');
    free.remove(a.name());
    notes.add(
        new Repair(
            Repair.Kind.MULTI_WORD_CONSTANT,
            where,
            "read the words '" + written + "' as one constant " + joined));
    return new Node.Apply(joined.toString(), List.of());
  }

  private Binding lookup(String name) {
    for (int i = scope.size() - 1; i >= 0; i--) {
      if (scope.get(i).name().equals(name)) return scope.get(i);
    }
    return null;
  }

  private void enter() throws InputRejected {
    if (++depth > maxDepth) {
      Token t = tokens.get(Math.min(pos, tokens.size() - 1));
      throw new InputRejected(
          Rejection.Cause.TOO_DEEP,
          where + ", column " + t.column(),
          "the formula nests deeper than " + maxDepth + " levels; flatten it or split it into"
              + " several premises");
    }
  }

  private boolean peek(Kind kind) {
    return pos < tokens.size() && tokens.get(pos).kind() == kind;
  }

  private boolean accept(Kind kind) {
    if (!peek(kind)) return false;
    pos++;
    return true;
  }

  private Token expect(Kind kind, String what) throws InputRejected {
    if (pos >= tokens.size()) {
      throw new InputRejected(
          Rejection.Cause.SYNTAX, where, "expected " + what + " but the formula ended");
    }
    Token t = tokens.get(pos);
    if (t.kind() != kind) throw reject(t, "expected " + what + " but found '" + t.text() + "'");
    pos++;
    return t;
  }

  private InputRejected reject(Token at, String detail) {
    return new InputRejected(Rejection.Cause.SYNTAX, where + ", column " + at.column(), detail);
  }
}

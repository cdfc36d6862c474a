package io.veritrace.verifiers.arithmetic;

import java.math.BigDecimal;

/**
 * Evaluates arithmetic as models write it, exactly: {@code + - − × x * ÷ /}, parentheses,
 * decimals, percentages ({@code 20%}, {@code 20% of 50}), unary minus, {@code ^} powers, currency
 * symbols and thousands separators ({@code $1,200.50}). Sizes are checked before work is done:
 * literal length, nesting depth and result size are bounded, so a hostile claim fails in
 * microseconds with a reason.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := power (('*' | '/' | 'x' | 'of') power)*
 * power   := unary ('^' power)?          right-associative
 * unary   := ('-' | '+') unary | postfix
 * postfix := primary '%'?
 * primary := number | '(' expr ')' | 'sqrt' '(' expr ')'
 * number  := digits ('.' digits)? ('e' exponent)?     exponent at most 200
 * </pre>
 */
public final class Expression {

  public static final int MAX_LENGTH = 2_000;
  public static final int MAX_DEPTH = 64;
  public static final int MAX_LITERAL_DIGITS = 200;

  private final String src;
  private int pos;
  private int depth;

  private Expression(String src) {
    this.src = src;
  }

  /** Evaluates {@code text}; throws {@link ArithmeticLimitException} with a reason on failure. */
  public static Rational evaluate(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new ArithmeticLimitException("expression too long (" + text.length() + " chars)");
    }
    Expression e = new Expression(text);
    e.skipSpace();
    if (e.atEnd()) throw new ArithmeticLimitException("empty expression");
    Rational r = e.expr();
    e.skipSpace();
    if (!e.atEnd()) throw e.error("unexpected '" + e.src.charAt(e.pos) + "'");
    return r;
  }

  /**
   * Parses a single number as written in a result or an answer ({@code $1,200}, {@code 3.5},
   * {@code 3/4}, {@code 20%}, {@code -7}); a value with words around it is not a number.
   */
  public static Rational number(String text) {
    return evaluate(text.strip());
  }

  private Rational expr() {
    enter();
    Rational left = term();
    while (true) {
      skipSpace();
      if (eat('+')) left = left.add(term());
      else if (eat('-') || eat('−') || eat('–')) left = left.subtract(term());
      else break;
    }
    depth--;
    return left;
  }

  private Rational term() {
    Rational left = power();
    while (true) {
      skipSpace();
      if (eat('*') || eat('×') || eat('·') || eatTimesX()) left = left.multiply(power());
      else if (eat('/') || eat('÷') || eat('∕')) left = left.divide(power());
      else if (eatWord("of")) left = left.multiply(power());
      else break;
    }
    return left;
  }

  private Rational power() {
    enter();
    Rational base = unary();
    skipSpace();
    if (eat('^') || (peek('*') && peekAt(1, '*') && eat('*') && eat('*'))) {
      base = base.pow(power());
    }
    depth--;
    return base;
  }

  private Rational unary() {
    skipSpace();
    if (eat('-') || eat('−') || eat('–')) {
      enter();
      Rational r = unary().negate();
      depth--;
      return r;
    }
    if (eat('+')) return unary();
    return postfix();
  }

  private Rational postfix() {
    Rational r = primary();
    skipSpace();
    if (eat('%')) r = r.divide(Rational.HUNDRED);
    return r;
  }

  private Rational primary() {
    skipSpace();
    while (eat('$') || eat('€') || eat('£')) skipSpace();
    if (eatWord("sqrt")) {
      skipSpace();
      if (!eat('(')) throw error("expected '(' after sqrt");
      Rational r = expr();
      skipSpace();
      if (!eat(')')) throw error("missing ')'");
      return squareRoot(r);
    }
    if (eat('(') || eat('[')) {
      Rational r = expr();
      skipSpace();
      if (!(eat(')') || eat(']'))) throw error("missing ')'");
      return r;
    }
    return literal();
  }

  private Rational literal() {
    int start = pos;
    StringBuilder digits = new StringBuilder();
    boolean dot = false;
    while (!atEnd()) {
      char c = src.charAt(pos);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c == '.' && !dot && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
        dot = true;
        digits.append(c);
      } else if (c == ',' && !dot && digits.length() > 0 && isThousandsGroup(pos)) {
        // thousands separator: skip it
      } else {
        break;
      }
      pos++;
      if (digits.length() > MAX_LITERAL_DIGITS) {
        throw new ArithmeticLimitException(
            "number literal longer than " + MAX_LITERAL_DIGITS + " digits at position " + start);
      }
    }
    if (digits.length() == 0) {
      throw atEnd() ? error("expression ends where a number was expected") : error("expected a number");
    }
    Rational whole = Rational.of(new BigDecimal(digits.toString()));
    if (pos + 1 < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      // "1e10000": bounded before the power is formed
      int p = pos + 1;
      boolean negative = p < src.length() && src.charAt(p) == '-';
      if (p < src.length() && (src.charAt(p) == '-' || src.charAt(p) == '+')) p++;
      int expStart = p;
      while (p < src.length() && Character.isDigit(src.charAt(p))) p++;
      if (p > expStart) {
        if (p - expStart > 4 || Integer.parseInt(src.substring(expStart, p)) > MAX_LITERAL_DIGITS) {
          throw new ArithmeticLimitException("number too large: " + abbreviate(src.substring(start, p)));
        }
        Rational scale = Rational.of(BigDecimal.TEN.pow(Integer.parseInt(src.substring(expStart, p))));
        pos = p;
        return negative ? whole.divide(scale) : whole.multiply(scale);
      }
    }
    return dot ? whole : tightFraction(mixedFraction(whole));
  }

  /**
   * A fraction written without spaces binds tighter than spaced operators, as people mean it:
   * "3 / 1/4" is 3 divided by a quarter. Left-to-right chains ("60/3/4") come out the same either
   * way; a power after it ("10/2^2") keeps the usual precedence.
   */
  private Rational tightFraction(Rational numerator) {
    int p = pos;
    if (p + 1 >= src.length() || src.charAt(p) != '/' || !Character.isDigit(src.charAt(p + 1))) return numerator;
    int end = p + 1;
    while (end < src.length() && Character.isDigit(src.charAt(end))) end++;
    if (end - p - 1 > 9 || (end < src.length() && ".^,%".indexOf(src.charAt(end)) >= 0)) return numerator;
    Rational den = Rational.of(Long.parseLong(src.substring(p + 1, end)));
    if (den.signum() == 0) return numerator;
    pos = end;
    return numerator.divide(den);
  }

  /** "1 1/2" is one and a half: an integer, a space, then a simple fraction. */
  private Rational mixedFraction(Rational whole) {
    int p = pos;
    int spaces = 0;
    while (p < src.length() && src.charAt(p) == ' ') {
      p++;
      spaces++;
    }
    if (spaces == 0) return whole;
    int numStart = p;
    while (p < src.length() && Character.isDigit(src.charAt(p))) p++;
    if (p == numStart || p - numStart > 9 || p >= src.length() || src.charAt(p) != '/') return whole;
    int denStart = ++p;
    while (p < src.length() && Character.isDigit(src.charAt(p))) p++;
    if (p == denStart || p - denStart > 9 || (p < src.length() && ".^%".indexOf(src.charAt(p)) >= 0)) return whole;
    Rational num = Rational.of(Long.parseLong(src.substring(numStart, denStart - 1)));
    Rational den = Rational.of(Long.parseLong(src.substring(denStart, p)));
    if (den.signum() == 0 || num.compareTo(den) >= 0) return whole;
    pos = p;
    Rational frac = num.divide(den);
    return whole.signum() < 0 ? whole.subtract(frac) : whole.add(frac);
  }

  /** An exact square root; an irrational one cannot be checked exactly and says so. */
  private Rational squareRoot(Rational r) {
    if (r.signum() < 0) throw error("square root of a negative number");
    java.math.BigInteger n = r.numerator().sqrt();
    java.math.BigInteger d = r.denominator().sqrt();
    if (!n.multiply(n).equals(r.numerator()) || !d.multiply(d).equals(r.denominator())) {
      throw error("the square root of " + r.toPlainString() + " is not a rational number");
    }
    return new Rational(n, d);
  }

  /** A comma followed by exactly three digits and then no further digit separates thousands. */
  private boolean isThousandsGroup(int comma) {
    for (int i = 1; i <= 3; i++) {
      if (comma + i >= src.length() || !Character.isDigit(src.charAt(comma + i))) return false;
    }
    return comma + 4 >= src.length() || !Character.isDigit(src.charAt(comma + 4));
  }

  /** 'x' as multiplication only between operands: {@code 3 x 4}, {@code 3x4}, not a word. */
  private boolean eatTimesX() {
    if (peek('x') || peek('X')) {
      int next = pos + 1;
      while (next < src.length() && src.charAt(next) == ' ') next++;
      if (next < src.length() && (Character.isDigit(src.charAt(next)) || "($.".indexOf(src.charAt(next)) >= 0)) {
        pos++;
        return true;
      }
    }
    return false;
  }

  private boolean eatWord(String w) {
    if (src.regionMatches(true, pos, w, 0, w.length())) {
      int end = pos + w.length();
      if (end < src.length() && Character.isLetter(src.charAt(end))) return false;
      pos = end;
      return true;
    }
    return false;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) throw new ArithmeticLimitException("nesting deeper than " + MAX_DEPTH);
  }

  private boolean eat(char c) {
    if (pos < src.length() && src.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean peek(char c) {
    return pos < src.length() && src.charAt(pos) == c;
  }

  private boolean peekAt(int off, char c) {
    return pos + off < src.length() && src.charAt(pos + off) == c;
  }

  private void skipSpace() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
  }

  private boolean atEnd() {
    return pos >= src.length();
  }

  private ArithmeticLimitException error(String what) {
    return new ArithmeticLimitException(what + " at position " + pos + " in '" + abbreviate(src) + "'");
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}

package io.veritrace.verifiers.arithmetic;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expression linear in its unknowns, collected exactly: {@code x + 3+2*x + 12+8*x} is
 * {@code 11x + 15}. Two steps that write the same linear form wrote the same quantity, however
 * they grouped it, so the second step's coefficients come from the first ({@code 11x + 15 = 301}
 * after {@code x+3+2x+12+8x = 301}). Reads {@code + - * / ^ %}, parentheses, brackets and braces,
 * currency signs, thousands separators, and a number or a closing parenthesis written against
 * an unknown or an opening parenthesis ({@code 2x}, {@code 4(3+2x)}); a product of two unknowns,
 * a division by one or anything else returns null.
 *
 * @param coefficients each unknown's coefficient, none zero
 * @param constant the constant term
 */
public record LinearForm(Map<String, Rational> coefficients, Rational constant) {

  public LinearForm {
    TreeMap<String, Rational> kept = new TreeMap<>();
    coefficients.forEach((u, c) -> {
      if (c.signum() != 0) kept.put(u, c);
    });
    coefficients = java.util.Collections.unmodifiableMap(kept);
  }

  /** The linear form of {@code text} in the single-letter {@code unknowns}, or null if it is not one. */
  public static LinearForm read(String text, Set<String> unknowns) {
    if (text.length() > Expression.MAX_LENGTH) return null;
    try {
      Reader r = new Reader(text, unknowns);
      LinearForm f = r.expr();
      r.skipSpace();
      return r.atEnd() ? f : null;
    } catch (ArithmeticLimitException | ArithmeticException | NotLinear e) {
      return null;
    }
  }

  /** Whether some unknown has a coefficient: a constant says nothing about how a step grouped it. */
  public boolean hasUnknown() {
    return !coefficients.isEmpty();
  }

  public LinearForm add(LinearForm o) {
    Map<String, Rational> sum = new TreeMap<>(coefficients);
    o.coefficients.forEach((u, c) -> sum.merge(u, c, Rational::add));
    return new LinearForm(sum, constant.add(o.constant));
  }

  public LinearForm negate() {
    return scale(Rational.ONE.negate());
  }

  public LinearForm subtract(LinearForm o) {
    return add(o.negate());
  }

  private LinearForm scale(Rational k) {
    Map<String, Rational> out = new TreeMap<>();
    coefficients.forEach((u, c) -> out.put(u, c.multiply(k)));
    return new LinearForm(out, constant.multiply(k));
  }

  private static LinearForm constant(Rational c) {
    return new LinearForm(Map.of(), c);
  }

  /** As people write it: {@code 11x - 286}, {@code 9/20X + 4}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    coefficients.forEach((u, c) -> term(sb, c, u));
    if (constant.signum() != 0 || sb.length() == 0) term(sb, constant, "");
    return sb.toString();
  }

  private static void term(StringBuilder sb, Rational c, String unknown) {
    String magnitude = c.abs().equals(Rational.ONE) && !unknown.isEmpty() ? "" : c.abs().toPlainString();
    if (sb.length() > 0) sb.append(c.signum() < 0 ? " - " : " + ");
    else if (c.signum() < 0) sb.append('-');
    sb.append(magnitude).append(unknown);
  }

  /** Thrown inside the reader for a term that is not linear; read returns null. */
  private static final class NotLinear extends RuntimeException {
    NotLinear() {
      super(null, null, false, false);
    }
  }

  private static final class Reader {
    private final String src;
    private final Set<String> unknowns;
    private int pos;
    private int depth;

    Reader(String src, Set<String> unknowns) {
      this.src = src;
      this.unknowns = unknowns;
    }

    LinearForm expr() {
      enter();
      LinearForm left = term();
      while (true) {
        skipSpace();
        if (eat('+')) left = left.add(term());
        else if (eat('-') || eat('−') || eat('–')) left = left.subtract(term());
        else break;
      }
      depth--;
      return left;
    }

    private LinearForm term() {
      LinearForm left = factor();
      while (true) {
        skipSpace();
        if (eat('*') || eat('×') || eat('·')) left = product(left, factor());
        else if (eat('/') || eat('÷')) left = quotient(left, factor());
        else if (juxtaposed()) left = product(left, factor());
        else break;
      }
      return left;
    }

    /** {@code 2x}, {@code 4(3+2x)}, {@code (x+1)2}: a factor written against the one before. */
    private boolean juxtaposed() {
      if (atEnd() || pos == 0) return false;
      char before = src.charAt(pos - 1);
      char next = src.charAt(pos);
      boolean opens = "([{".indexOf(next) >= 0 || unknownAt(pos);
      boolean closed = ")]}".indexOf(before) >= 0 || Character.isLetter(before);
      return opens || (closed && Character.isDigit(next));
    }

    private LinearForm factor() {
      enter();
      skipSpace();
      LinearForm f;
      if (eat('-') || eat('−') || eat('–')) f = factor().negate();
      else if (eat('+')) f = factor();
      else {
        f = primary();
        skipSpace();
        if (eat('%')) f = f.scale(Rational.ONE.divide(Rational.HUNDRED));
        skipSpace();
        if (eat('^')) {
          LinearForm exponent = factor();
          if (f.hasUnknown() || exponent.hasUnknown()) throw new NotLinear();
          f = constant(f.constant.pow(exponent.constant));
        }
      }
      depth--;
      return f;
    }

    private LinearForm primary() {
      skipSpace();
      while (eat('$') || eat('€') || eat('£')) skipSpace();
      for (String pair : new String[] {"()", "[]", "{}"}) {
        if (eat(pair.charAt(0))) {
          LinearForm inner = expr();
          skipSpace();
          if (!eat(pair.charAt(1))) throw new NotLinear();
          return inner;
        }
      }
      if (unknownAt(pos)) {
        String u = String.valueOf(src.charAt(pos++));
        return new LinearForm(Map.of(u, Rational.ONE), Rational.ZERO);
      }
      return constant(literal());
    }

    /** A single letter standing alone that the claim names as an unknown. */
    private boolean unknownAt(int i) {
      if (i >= src.length() || !Character.isLetter(src.charAt(i))) return false;
      if (i > 0 && Character.isLetter(src.charAt(i - 1))) return false;
      if (i + 1 < src.length() && Character.isLetter(src.charAt(i + 1))) return false;
      return unknowns.contains(String.valueOf(src.charAt(i)));
    }

    /** A number as written: "1,200", "3.5", ".6" (thousands separators as {@link Expression} reads them). */
    private static final Pattern LITERAL = Pattern.compile("\\d{1,3}(?:,\\d{3})+(?![\\d,])(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|\\.\\d+");

    private Rational literal() {
      Matcher m = LITERAL.matcher(src).region(pos, src.length());
      if (!m.lookingAt() || m.end() - pos > Expression.MAX_LITERAL_DIGITS) throw new NotLinear();
      pos = m.end();
      return Rational.of(new BigDecimal(m.group().replace(",", "")));
    }

    private static LinearForm product(LinearForm a, LinearForm b) {
      if (a.hasUnknown() && b.hasUnknown()) throw new NotLinear();
      return a.hasUnknown() ? a.scale(b.constant) : b.scale(a.constant);
    }

    private static LinearForm quotient(LinearForm a, LinearForm b) {
      if (b.hasUnknown() || b.constant.signum() == 0) throw new NotLinear();
      return a.scale(Rational.ONE.divide(b.constant));
    }

    private void enter() {
      if (++depth > Expression.MAX_DEPTH) throw new NotLinear();
    }

    private boolean eat(char c) {
      if (pos < src.length() && src.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void skipSpace() {
      while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
    }

    boolean atEnd() {
      return pos >= src.length();
    }
  }
}

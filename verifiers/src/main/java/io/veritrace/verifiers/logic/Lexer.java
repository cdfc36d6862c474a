package io.veritrace.verifiers.logic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits one formula into tokens, accepting the FOLIO Unicode symbols and their ASCII
 * equivalents. Names may contain {@code - . _} between letters or digits and end in {@code +}
 * (FOLIO writes {@code Anti-abortion}, {@code mr.smith}, {@code c++}), so subtraction between
 * two names needs spaces: {@code x - 1}.
 */
final class Lexer {

  enum Kind {
    IDENT,
    NUMBER,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    COLON,
    NOT,
    AND,
    OR,
    XOR,
    IMPLIES,
    IFF,
    FORALL,
    EXISTS,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    PLUS,
    MINUS,
    STAR,
    TRUE,
    FALSE
  }

  /** {@code column} counts from 1, in characters of the formula as written. */
  record Token(Kind kind, String text, int column) {}

  private static final Map<String, Kind> WORDS =
      Map.ofEntries(
          Map.entry("forall", Kind.FORALL),
          Map.entry("exists", Kind.EXISTS),
          Map.entry("not", Kind.NOT),
          Map.entry("and", Kind.AND),
          Map.entry("or", Kind.OR),
          Map.entry("xor", Kind.XOR),
          Map.entry("implies", Kind.IMPLIES),
          Map.entry("iff", Kind.IFF),
          Map.entry("true", Kind.TRUE),
          Map.entry("false", Kind.FALSE));

  /** Longest first, so {@code <->} wins over {@code <-} and {@code <=}. */
  private static final List<Map.Entry<String, Kind>> SYMBOLS =
      List.of(
          Map.entry("<->", Kind.IFF),
          Map.entry("<=>", Kind.IFF),
          Map.entry("->", Kind.IMPLIES),
          Map.entry("=>", Kind.IMPLIES),
          Map.entry("&&", Kind.AND),
          Map.entry("||", Kind.OR),
          Map.entry("!=", Kind.NE),
          Map.entry("==", Kind.EQ),
          Map.entry("<=", Kind.LE),
          Map.entry(">=", Kind.GE),
          Map.entry("∀", Kind.FORALL),
          Map.entry("∃", Kind.EXISTS),
          Map.entry("¬", Kind.NOT),
          Map.entry("~", Kind.NOT),
          Map.entry("!", Kind.NOT),
          Map.entry("∧", Kind.AND),
          Map.entry("&", Kind.AND),
          Map.entry("∨", Kind.OR),
          Map.entry("|", Kind.OR),
          Map.entry("⊕", Kind.XOR),
          Map.entry("⊻", Kind.XOR),
          Map.entry("→", Kind.IMPLIES),
          Map.entry("⇒", Kind.IMPLIES),
          Map.entry("⟶", Kind.IMPLIES),
          Map.entry("↔", Kind.IFF),
          Map.entry("⟷", Kind.IFF),
          Map.entry("⇔", Kind.IFF),
          Map.entry("=", Kind.EQ),
          Map.entry("≠", Kind.NE),
          Map.entry("<", Kind.LT),
          Map.entry("≤", Kind.LE),
          Map.entry(">", Kind.GT),
          Map.entry("≥", Kind.GE),
          Map.entry("+", Kind.PLUS),
          Map.entry("-", Kind.MINUS),
          Map.entry("*", Kind.STAR),
          Map.entry("(", Kind.LPAREN),
          Map.entry(")", Kind.RPAREN),
          Map.entry(",", Kind.COMMA),
          Map.entry(".", Kind.DOT),
          Map.entry(":", Kind.COLON),
          Map.entry("⊤", Kind.TRUE),
          Map.entry("⊥", Kind.FALSE));

  private final String text;
  private final String where;
  private final int maxDigits;
  private final List<Repair> repairs;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  /** Inside a quantifier's variable list, where {@code .} ends the list ({@code ∀x.P(x)}). */
  private boolean binder;

  private Lexer(String text, String where, int maxDigits, List<Repair> repairs) {
    this.text = text;
    this.where = where;
    this.maxDigits = maxDigits;
    this.repairs = repairs;
  }

  /** Tokens of {@code text}; repairs it makes (a {@code ^} read as ∧) go to {@code repairs}. */
  static List<Token> tokens(String text, String where, int maxDigits, List<Repair> repairs)
      throws InputRejected {
    Lexer lexer = new Lexer(text, where, maxDigits, repairs);
    lexer.run();
    return lexer.tokens;
  }

  private void run() throws InputRejected {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '^') {
        repairs.add(
            new Repair(
                Repair.Kind.CARET_AS_AND, where, "read '^' at column " + (pos + 1) + " as ∧"));
        add(Kind.AND, "^", pos);
        pos++;
      } else if (Character.isDigit(c)) {
        number();
      } else if (startsName(c) || Character.isLetter(text.codePointAt(pos))) {
        name();
      } else {
        symbol();
      }
    }
  }

  private static boolean startsName(char c) {
    return Character.isLetter(c) || c == '_' || c == '$';
  }

  /**
   * Letters of any script (surrogate pairs and combining accents included), digits, underscores.
   * Apostrophes of every kind join a name too, as translators write possessives into predicates
   * ({@code GrowthCompanies’Stocks(x)}, {@code Parents'(x)}); no connective uses one.
   */
  private static boolean inName(char c) {
    return Character.isLetterOrDigit(c)
        || Character.isSurrogate(c)
        || c == '_'
        || APOSTROPHES.indexOf(c) >= 0
        || Character.getType(c) == Character.NON_SPACING_MARK
        || Character.getType(c) == Character.COMBINING_SPACING_MARK;
  }

  private static final String APOSTROPHES = "'\u2019\u02BC\u2032\u2018";

  private void number() throws InputRejected {
    int start = pos;
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) pos++;
    if (pos < text.length() && startsName(text.charAt(pos))) {
      pos = start; // a name that starts with digits, such as 3d_printer
      name();
      return;
    }
    if (pos + 1 < text.length()
        && text.charAt(pos) == '.'
        && Character.isDigit(text.charAt(pos + 1))) {
      throw new InputRejected(
          Rejection.Cause.SYNTAX,
          where + ", column " + (start + 1),
          "decimal number " + text.substring(start, pos + 2) + "…: only whole numbers are"
              + " supported; scale the quantity (cents, not dollars)");
    }
    if (pos - start > maxDigits) {
      throw new InputRejected(
          Rejection.Cause.TOO_LARGE,
          where + ", column " + (start + 1),
          "a number of " + (pos - start) + " digits; the limit is " + maxDigits);
    }
    add(Kind.NUMBER, text.substring(start, pos), start);
  }

  private void name() {
    int start = pos;
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (inName(c)) {
        pos++;
      } else if ((c == '-' || c == '.' && !binder)
          && inName(text.charAt(pos - 1))
          && pos + 1 < text.length()
          && Character.isLetterOrDigit(text.charAt(pos + 1))) {
        pos++;
      } else {
        break;
      }
    }
    int plus = pos;
    while (plus < text.length() && text.charAt(plus) == '+') plus++;
    if (plus > pos && closesArgument(plus)) pos = plus; // a+, c++ as in Grade(a+)
    String word = text.substring(start, pos);
    Kind keyword = WORDS.get(word.equals(word.toUpperCase()) ? word.toLowerCase() : word);
    add(keyword == null ? Kind.IDENT : keyword, word, start);
  }

  private boolean closesArgument(int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
    return i == text.length() || text.charAt(i) == ')' || text.charAt(i) == ',';
  }

  private void symbol() throws InputRejected {
    for (Map.Entry<String, Kind> s : SYMBOLS) {
      if (text.startsWith(s.getKey(), pos)) {
        add(s.getValue(), s.getKey(), pos);
        pos += s.getKey().length();
        return;
      }
    }
    int cp = text.codePointAt(pos);
    throw new InputRejected(
        Rejection.Cause.SYNTAX,
        where + ", column " + (pos + 1),
        "unexpected character '" + new String(Character.toChars(cp)) + "' (U+"
            + String.format("%04X", cp) + "); connectives are ¬ ∧ ∨ ⊕ → ↔ (or not and or xor"
            + " -> <->), quantifiers ∀ ∃ (or forall exists)");
  }

  private void add(Kind kind, String tokenText, int start) {
    tokens.add(new Token(kind, tokenText, start + 1));
    binder =
        kind == Kind.FORALL
            || kind == Kind.EXISTS
            || binder && (kind == Kind.IDENT || kind == Kind.COMMA);
  }
}

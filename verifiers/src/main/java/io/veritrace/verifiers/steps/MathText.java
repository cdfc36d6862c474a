package io.veritrace.verifiers.steps;

/**
 * One line of model text rewritten into the plain notation the step reader tokenizes: LaTeX
 * (inline and display delimiters, {@code \times \cdot \div \frac \dfrac \sqrt \left( \right)},
 * {@code {,}} thousands, {@code \% \$}, {@code \text{}}), Unicode operators and digits,
 * Markdown emphasis, list markers and headings. {@code \boxed{x}} is kept as a marker the
 * reader takes for the final answer. A LaTeX command it does not know is left in place, so
 * the reader sees something it cannot read and reports it.
 */
public final class MathText {

  /** Stands for {@code \boxed{...}}: the reader takes what follows up to {@link #BOX_END} as the answer. */
  static final char BOX = '\u0001';

  static final char BOX_END = '\u0002';

  private MathText() {}

  /** The line in plain notation, as the step reader reads it. */
  public static String plain(String line) {
    String s = line;
    if (s.indexOf('\\') >= 0 || s.indexOf('$') >= 0) s = latex(s);
    s = unicode(s);
    return markdown(s);
  }

  // ---- LaTeX

  private static String latex(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    boolean[] delimiter = mathDollars(s);
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '$') {
        out.append(delimiter[i] ? ' ' : '$');
        i++;
        continue;
      }
      if (c == '{' && s.startsWith("{,}", i)) {
        out.append(',');
        i += 3;
        continue;
      }
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if ("()[]".indexOf(n) >= 0) { // \( \) \[ \] delimit maths
        // "\(780 \div 12 = 65\)/month": a per-unit written right after the maths stays attached
        boolean per = (n == ')' || n == ']') && i + 3 < s.length() && s.charAt(i + 2) == '/' && Character.isLetter(s.charAt(i + 3));
        // "\(100 \div 2 = 50\)-foot sections": a hyphen joining the result to a word stays a hyphen, not a minus
        boolean hyphen = n == ')' && i + 3 < s.length() && s.charAt(i + 2) == '-' && Character.isLetter(s.charAt(i + 3));
        if (!per && !hyphen) out.append(' ');
        i += 2;
        continue;
      }
      if ("%$,;:! {}".indexOf(n) >= 0) { // \% \$ and spacing
        out.append(n == '%' || n == '$' || n == '{' || n == '}' ? String.valueOf(n) : n == ',' ? "" : " ");
        i += 2;
        continue;
      }
      int end = i + 1;
      while (end < s.length() && Character.isLetter(s.charAt(end))) end++;
      String cmd = s.substring(i + 1, end);
      switch (cmd) {
        case "times", "cdot", "ast" -> out.append(" × ");
        case "div" -> out.append(" ÷ ");
        case "approx" -> out.append(" ≈ ");
        case "left", "right", "displaystyle", "quad", "qquad", "big", "Big", "bigg", "Bigg" -> out.append(' ');
        case "frac", "dfrac", "tfrac" -> {
          String[] args = new String[2];
          int p = arguments(s, end, args);
          if (p < 0) {
            out.append(s, i, end);
          } else {
            out.append("((").append(latex(args[0])).append(")/(").append(latex(args[1])).append("))");
            end = p;
          }
        }
        case "sqrt" -> {
          String[] args = new String[1];
          int p = arguments(s, end, args);
          if (p < 0) {
            out.append(s, i, end);
          } else {
            out.append("sqrt(").append(latex(args[0])).append(')');
            end = p;
          }
        }
        case "boxed", "text", "textbf", "mathrm", "mathbf", "mbox", "textrm", "operatorname" -> {
          String[] args = new String[1];
          int p = arguments(s, end, args);
          if (p < 0) {
            out.append(s, i, end);
          } else {
            String inner = latex(args[0]);
            if (cmd.equals("boxed")) out.append(BOX).append(inner).append(BOX_END);
            else out.append(inner);
            end = p;
          }
        }
        default -> out.append(s, i, end); // unknown: kept, so the reader reports it
      }
      i = end;
    }
    // powers written with braces: 2^{10}
    return out.toString().replace("^{", "^(").replace("}", ")").replace("{", "(");
  }

  /** Reads {@code args.length} brace groups from {@code from}; the index after them, or -1. */
  private static int arguments(String s, int from, String[] args) {
    int p = from;
    for (int a = 0; a < args.length; a++) {
      while (p < s.length() && s.charAt(p) == ' ') p++;
      if (p >= s.length()) return -1;
      if (s.charAt(p) != '{') {
        // \frac12: single characters
        args[a] = String.valueOf(s.charAt(p));
        p++;
        continue;
      }
      int depth = 0;
      int start = p + 1;
      for (; p < s.length(); p++) {
        char c = s.charAt(p);
        if (c == '{') depth++;
        else if (c == '}' && --depth == 0) break;
      }
      if (p >= s.length()) return -1;
      args[a] = s.substring(start, p);
      p++;
    }
    return p;
  }

  /**
   * Which dollar signs delimit maths rather than mark money: {@code $$} always; a single sign
   * that closes (right after a digit, letter, brace or parenthesis, and not before a digit)
   * together with the nearest open one before it. "$5 + $3 = $8" keeps every sign as money.
   */
  private static boolean[] mathDollars(String s) {
    boolean[] d = new boolean[s.length()];
    int open = -1;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '$') continue;
      if (i + 1 < s.length() && s.charAt(i + 1) == '$') {
        d[i] = d[i + 1] = true;
        i++;
        open = -1;
        continue;
      }
      char prev = i > 0 ? s.charAt(i - 1) : ' ';
      char next = i + 1 < s.length() ? s.charAt(i + 1) : ' ';
      boolean closes = open >= 0 && (Character.isLetterOrDigit(prev) || prev == '}' || prev == ')' || prev == '.')
          && !Character.isDigit(next);
      if (closes) {
        d[i] = d[open] = true;
        open = -1;
      } else if (open < 0 || !Character.isDigit(next)) {
        open = i;
      } else {
        open = i; // "$5 and $3": the later sign is the better opener
      }
    }
    return d;
  }

  // ---- Unicode

  private static String unicode(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r = null;
      if (c < 0x80) {
        if (out != null) out.append(c);
        continue;
      }
      if (Character.isDigit(c)) r = String.valueOf(Character.digit(c, 10));
      else {
        switch (c) {
          case '×', '·', '∙', '⋅', '✕' -> r = "×";
          case '÷' -> r = "÷";
          case '−', '‒', '–', '—' -> r = isMinus(s, i) ? "-" : String.valueOf(c);
          case '⁄', '∕' -> r = "/";
          case '≈', '≃', '≅' -> r = "≈";
          case '\u00a0', '\u2009', '\u202f', '\u2007' -> r = " ";
          // "500cm³", "20 ft²": the power of a unit word is part of the unit, not an exponent of the number
          case '²', '³' -> r = i > 1 && Character.isLetter(s.charAt(i - 1)) && Character.isLetter(s.charAt(i - 2)) ? "" : c == '²' ? "^2" : "^3";
          case '√' -> {
            // "√(144)", "√25": a square root of what follows
            int j = i + 1;
            while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) j++;
            r = j > i + 1 ? "sqrt(" + s.substring(i + 1, j) + ")" : "sqrt";
            if (out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
            out.append(r);
            i = j - 1;
            continue;
          }
          case '½' -> r = "(1/2)";
          case '¼' -> r = "(1/4)";
          case '¾' -> r = "(3/4)";
          default -> r = null;
        }
      }
      if (r == null) {
        if (out != null) out.append(c);
        continue;
      }
      if (out == null) out = new StringBuilder(s.length() + 8).append(s, 0, i);
      out.append(r);
    }
    return out == null ? s : out.toString();
  }

  /** A dash is a minus sign between or before numbers, not in "Polish–Lithuanian". */
  private static boolean isMinus(String s, int i) {
    int j = i + 1;
    while (j < s.length() && s.charAt(j) == ' ') j++;
    return j < s.length() && (Character.isDigit(s.charAt(j)) || "($.½¼¾".indexOf(s.charAt(j)) >= 0);
  }

  // ---- Markdown

  /** Removes bold markers but keeps {@code 2**3}, a power between operands. */
  private static String unbold(String t) {
    StringBuilder out = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      if (t.startsWith("**", i)) {
        char prev = i > 0 ? t.charAt(i - 1) : ' ';
        char next = i + 2 < t.length() ? t.charAt(i + 2) : ' ';
        boolean power = (Character.isDigit(prev) || prev == ')') && (Character.isDigit(next) || next == '(');
        if (power) out.append("^");
        i++;
        continue;
      }
      out.append(t.charAt(i));
    }
    return out.toString();
  }

  private static String markdown(String s) {
    String t = s.strip();
    // headings, quotes, bullets and numbered list markers are layout, not maths: "1. 3 + 4 = 7"
    int p = 0;
    while (p < t.length() && (t.charAt(p) == '#' && !t.startsWith("####", p) || t.charAt(p) == '>')) p++;
    if (p > 0 && p < t.length() && t.charAt(p) == ' ') t = t.substring(p).strip();
    if (t.startsWith("- ") || t.startsWith("* ") || t.startsWith("+ ") || t.startsWith("• ")) t = t.substring(2).strip();
    int d = 0;
    while (d < t.length() && d < 3 && Character.isDigit(t.charAt(d))) d++;
    if (d > 0 && d + 1 < t.length() && (t.charAt(d) == '.' || t.charAt(d) == ')') && t.charAt(d + 1) == ' ') {
      t = t.substring(d + 2).strip();
    }
    if (t.contains("**")) t = unbold(t);
    if (t.contains("__")) t = t.replace("__", "");
    if (t.indexOf('`') >= 0) t = t.replace("`", "");
    return t;
  }
}

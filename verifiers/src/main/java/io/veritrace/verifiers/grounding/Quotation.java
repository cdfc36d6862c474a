package io.veritrace.verifiers.grounding;

import io.veritrace.core.Source;
import java.util.ArrayList;
import java.util.List;

/**
 * Words an answer presents as quoted: between straight or curly double quotes, or a Markdown
 * block quote ({@code > ...} lines). A span counts as a quotation when it has at least
 * {@link #MIN_WORDS} words or a citation marker right after it; shorter uncited spans are terms
 * in quotes ({@code the "Pro" plan}), not quotations.
 *
 * @param text the quoted words
 * @param start where the quotation starts in the answer
 * @param end where it ends (after the closing quote, or the block)
 * @param refs references of the citation marker right after it; empty when none
 */
public record Quotation(String text, int start, int end, List<String> refs) {

  public static final int MIN_WORDS = 3;

  public Quotation {
    refs = List.copyOf(refs);
  }

  /** The quotations in {@code text}, in order. */
  public static List<Quotation> in(String text, List<Source> sources) {
    List<CitationMark> marks = CitationMark.in(text, sources);
    List<Quotation> found = new ArrayList<>();
    quoted(text, '"', '"', sources, marks, found);
    quoted(text, '\u201C', '\u201D', sources, marks, found);
    blocks(text, sources, marks, found);
    found.sort((a, b) -> Integer.compare(a.start, b.start));
    return found;
  }

  private static void quoted(
      String text,
      char open,
      char close,
      List<Source> sources,
      List<CitationMark> marks,
      List<Quotation> out) {
    int from = 0;
    while (true) {
      int start = text.indexOf(open, from);
      if (start < 0) return;
      int stop = text.indexOf(close, start + 1);
      if (stop < 0) return;
      int paragraph = text.indexOf("\n\n", start);
      if (paragraph >= 0 && paragraph < stop) { // an unclosed quote does not swallow paragraphs
        from = paragraph;
        continue;
      }
      add(text.substring(start + 1, stop), start, stop + 1, text, sources, marks, out);
      from = stop + 1;
    }
  }

  private static void blocks(
      String text, List<Source> sources, List<CitationMark> marks, List<Quotation> out) {
    int pos = 0;
    int blockStart = -1;
    StringBuilder block = new StringBuilder();
    while (pos <= text.length()) {
      int eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length();
      String line = text.substring(pos, eol).stripLeading();
      if (line.startsWith(">")) {
        if (blockStart < 0) blockStart = pos;
        block.append(line.substring(1).strip()).append(' ');
      } else if (blockStart >= 0) {
        add(block.toString().strip(), blockStart, pos, text, sources, marks, out);
        blockStart = -1;
        block.setLength(0);
      }
      pos = eol + 1;
    }
    if (blockStart >= 0) {
      add(block.toString().strip(), blockStart, text.length(), text, sources, marks, out);
    }
  }

  private static void add(
      String quoted,
      int start,
      int end,
      String text,
      List<Source> sources,
      List<CitationMark> marks,
      List<Quotation> out) {
    List<String> refs = new ArrayList<>();
    int after = end;
    for (CitationMark mark : marks) {
      if (mark.start() >= start && mark.end() <= end) refs.addAll(mark.refs()); // inside a block
      else if (mark.start() >= after && onlyPunctuation(text, after, mark.start())) {
        refs.addAll(mark.refs());
        after = mark.end();
      }
    }
    String words = stripMarks(quoted, sources);
    if (wordCount(words) >= MIN_WORDS || !refs.isEmpty()) {
      out.add(new Quotation(words, start, end, refs));
    }
  }

  /** The quoted words without the citation markers inside them (a block may carry its own). */
  private static String stripMarks(String quoted, List<Source> sources) {
    StringBuilder b = new StringBuilder(quoted);
    List<CitationMark> inside = CitationMark.in(quoted, sources);
    for (int i = inside.size() - 1; i >= 0; i--) {
      b.replace(inside.get(i).start(), inside.get(i).end(), " ");
    }
    return b.toString().strip();
  }

  private static boolean onlyPunctuation(String text, int from, int to) {
    if (to - from > 4) return false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && ",.;:)".indexOf(c) < 0) return false;
    }
    return true;
  }

  static int wordCount(String s) {
    String n = NormalizedText.normalize(s);
    return n.isEmpty() ? 0 : n.split(" ").length;
  }
}

package io.veritrace.verifiers.grounding;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.dates.DateClaim;
import io.veritrace.verifiers.dates.DateVerifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a specific may come from, for one proposal: what the user said (question, conversation,
 * established facts, the reference date), what was derived and checked (results of arithmetic
 * steps that passed, calendar claims that recompute), and each source.
 */
final class Grounds {

  final SpecificIndex asked;
  final SpecificIndex derived;
  private final List<Source> sources;
  private final Map<String, SpecificIndex> bySource = new HashMap<>();
  /** Keys of the reference date, which grounds only itself. */
  private final Set<String> today;

  private Grounds(SpecificIndex asked, SpecificIndex derived, List<Source> sources, Set<String> today) {
    this.asked = asked;
    this.derived = derived;
    this.sources = sources;
    this.today = today;
  }

  static Grounds of(Query query, Proposal proposal, List<Verdict> stepVerdicts, DateVerifier dates) {
    List<String> said = new ArrayList<>();
    said.add(query.question());
    for (Turn t : query.history()) said.add(t.text());
    for (Claim c : query.established()) said.add(claimValues(c));

    Set<Integer> rejected = new HashSet<>();
    Set<Integer> passed = new HashSet<>();
    for (Verdict v : stepVerdicts) {
      if (v.rejects()) rejected.add(v.step());
      else if (v.grade() == Grade.PASS) passed.add(v.step());
    }
    List<String> worked = new ArrayList<>();
    for (Step step : proposal.steps()) {
      if (rejected.contains(step.index()) || !passed.contains(step.index())) continue;
      for (Claim c : step.claims()) {
        if (c instanceof Claim.Arithmetic a) worked.add(a.result());
      }
    }
    List<String> texts = new ArrayList<>();
    for (Step step : proposal.steps()) texts.add(step.text());
    texts.add(proposal.answer());
    for (String text : texts) {
      for (DateClaim claim : dates.holdingClaims(query, text)) worked.add(claim.wording().value());
    }
    // today's date grounds itself as a date, not its year, month and day as loose numbers
    // ("22 hours" is not grounded by a reference date of 2026-11-22)
    Set<String> today = new HashSet<>();
    if (query.referenceDate() != null) {
      for (Specific d : SpecificFinder.in(query.referenceDate())) if (d.kind() == Specific.Kind.DATE) today.addAll(d.keys());
      // the current year is used in arithmetic ("2025 - 1987 = 38"); the day and month are not
      if (query.referenceDate().matches("\\d{4}-.*")) today.add(query.referenceDate().substring(0, 4));
    }
    return new Grounds(SpecificIndex.of(said), SpecificIndex.of(worked), query.sources(), today);
  }

  private static String claimValues(Claim c) {
    if (c instanceof Claim.Given g) return g.value() + " " + g.quote();
    if (c instanceof Claim.Arithmetic a) return a.result();
    if (c instanceof Claim.FinalAnswer f) return f.value();
    if (c instanceof Claim.Assumption a) return a.value();
    return "";
  }

  SpecificIndex source(Source s) {
    return bySource.computeIfAbsent(s.id(), id -> SpecificIndex.of(List.of(s.title(), s.text())));
  }

  /** Whether the user said it or a checked derivation produced it. */
  boolean askedOrDerived(Specific s) {
    return asked.contains(s) || derived.contains(s)
        || ((s.kind() == Specific.Kind.DATE || s.kind() == Specific.Kind.NUMBER) && s.keys().stream().anyMatch(today::contains));
  }

  /**
   * Whether {@code text} copies words of a source around {@code s} but the source has another
   * specific of the same kind between them ("the team won 3 of its games" copied as "the team won 1
   * of its games"): the claim must match the sentence it copies, so a value the source
   * gives elsewhere ("one") does not ground the changed one. Four words of context at least, so
   * that a common phrase is not taken for a copy. The context is matched as written, glued
   * punctuation included, so a value glued to its words is compared too ("Chicago Pile-1",
   * "1 + 1/2", "O2" written as "O\n2", "4) groups").
   */
  /**
   * Where the context of a copied value ends: a sentence's end (not the full stop of an initial or
   * an abbreviation of capitals, "U.S. 510", "Willard F."), a semicolon, a line, a citation.
   */
  private static final java.util.regex.Pattern CONTEXT_STOP =
      java.util.regex.Pattern.compile("(?<!(?<![\\p{L}])\\p{L})\\. |; |\n| \\[");

  boolean changedInCopy(String text, Specific s) {
    String before = text.substring(0, s.start());
    int cut = -1;
    for (java.util.regex.Matcher stop = CONTEXT_STOP.matcher(before); stop.find(); ) cut = stop.start();
    String leftText = before.substring(cut + 1);
    List<String> left = words(leftText);
    // a name's capitalised first words at the sentence's start ("United" of "United States") are
    // the name, not context: the copy is then known by the words after it alone
    if (left.size() <= 3 && left.stream().allMatch(w -> Character.isUpperCase(w.codePointAt(0)))) left = List.of();
    String after = text.substring(s.end());
    java.util.regex.Matcher stop = CONTEXT_STOP.matcher(after);
    int end = stop.find() ? stop.start() : after.length();
    String rightText = after.substring(0, end).replaceAll("[.!?]+$", "");
    List<String> right = words(rightText);
    int leftWords = Math.min(left.size(), right.isEmpty() ? 4 : 3);
    int rightWords = Math.min(left.isEmpty() ? 4 : 3, right.size());
    if (leftWords + rightWords < 4 || leftWords == 0 && rightWords < 4) return false;
    String leftRaw = leftWords == 0 ? "" : tail(leftText, leftWords);
    String rightRaw = head(rightText, rightWords);
    // with no words before it, the changed value opens a sentence (a name of up to four words) or
    // is the one token glued to the words after it
    String filler = leftWords == 0 ? "(?:(?:^|(?<=[.!?;]\\s))(\\S+(?:\\s+\\S+){0,3}?)|(?<=\\s)(\\S+?))" : "(\\S+(?:\\s+\\S+){0,3}?)";
    java.util.regex.Pattern copy = java.util.regex.Pattern.compile(literal(leftRaw) + filler
        + (right.isEmpty() ? "(?=[.!?;,](?:\\s|$)|$)" : literal(rightRaw)));
    // the copy as the claim has it, value included, anywhere: nothing was changed
    java.util.regex.Pattern same = java.util.regex.Pattern.compile(literal(leftRaw + s.text() + rightRaw),
        java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);
    boolean changed = false;
    String written = s.text().toLowerCase(java.util.Locale.ROOT);
    for (Source source : sources) {
      if (same.matcher(source.text()).find()) return false;
    }
    for (Source source : sources) {
      java.util.regex.Matcher m = copy.matcher(source.text().replaceAll("\\s+", " "));
      for (int from = 0; from < m.regionEnd() && m.find(from); from = m.start() + 1) {
        String there = m.group(1) != null ? m.group(1) : m.group(m.groupCount());
        if (there.toLowerCase(java.util.Locale.ROOT).contains(written)) return false;
        // the same kind of specific in its place: a number where a number was, a name where a name was
        if (s.kind() == Specific.Kind.NUMBER || s.kind() == Specific.Kind.MONEY ? there.matches(".*\\d.*|(?i).*\\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\\b.*")
            : s.kind() == Specific.Kind.NAME && Character.isUpperCase(there.codePointAt(0))) changed = true;
      }
    }
    return changed;
  }

  /**
   * Where {@code claim} copies the rest of a sentence of {@code source} word for word but opens it
   * with other words where the source names something ("Italy ceded Florida to the British" where
   * the source has "Spain ceded Florida to the British"). A sentence's first word is capitalised
   * whatever it is, so the claim's opening cannot be told for a name ("Italy" reads like an adverb,
   * "Beijing" like a gerund); the source's opening can, and a copy that drops it drops the name.
   * An opening that names nothing in the claim ("The city", "He") is a rewording, and one that
   * keeps a name of the source's opening a trimmed copy ("Spain" from "In 1763, Spain"), not a
   * swap. The two openings, or null when it is no such copy.
   */
  String replacedOpening(String claim, Source source) {
    List<String> w = words(claim);
    int n = w.size();
    if (n < 5 || !Character.isUpperCase(w.get(0).codePointAt(0))
        || SpecificFinder.NOT_NAMES.contains(w.get(0).replaceAll("\\P{L}+$", "").toLowerCase(java.util.Locale.ROOT))) return null;
    String text = source.text().replaceAll("\\s+", " ");
    for (int j = 1; j <= MAX_OPENING_WORDS && n - j >= 4 && n - j >= 0.6 * n; j++) {
      String opening = String.join(" ", w.subList(0, j));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile(
          "(?:^|(?<=[.!?;:] ))(\\S+(?: \\S+){0," + (MAX_OPENING_WORDS - 1) + "}?) " + quoted(w.subList(j, n))).matcher(text);
      while (m.find()) {
        String there = m.group(1);
        if (there.equalsIgnoreCase(opening)) return null;
        // a copy that keeps one of the source's names only trimmed the opening ("In 1763, Spain")
        String kept = NormalizedText.normalize(opening);
        List<Specific> named = SpecificFinder.in(there);
        if (!named.isEmpty() && named.stream().noneMatch(x -> PassageSearch.indexOfWord(kept, x.key(), 0) >= 0)) {
          return "it opens with \"" + opening + "\" where the source has \"" + there + "\"";
        }
      }
    }
    return null;
  }

  /** Words a swapped opening may have: a name with a title ("Economist Branko Milanovic"). */
  private static final int MAX_OPENING_WORDS = 4;

  private static List<String> words(String text) {
    String t = text.strip();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }

  private static String quoted(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) sb.append(sb.length() == 0 ? "" : "\\s+").append(java.util.regex.Pattern.quote(w));
    return sb.toString();
  }

  /** The last {@code n} words of {@code text} as written, with what follows them. */
  private static String tail(String text, int n) {
    int at = text.length();
    while (at > 0 && Character.isWhitespace(text.charAt(at - 1))) at--;
    for (int seen = 0; at > 0; ) {
      while (at > 0 && !Character.isWhitespace(text.charAt(at - 1))) at--;
      if (++seen == n) break;
      while (at > 0 && Character.isWhitespace(text.charAt(at - 1))) at--;
    }
    return text.substring(at);
  }

  /** The first {@code n} words of {@code text} as written, with what precedes them. */
  private static String head(String text, int n) {
    int at = 0;
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    for (int seen = 0; at < text.length(); ) {
      while (at < text.length() && !Character.isWhitespace(text.charAt(at))) at++;
      if (++seen == n) break;
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
    }
    return text.substring(0, at);
  }

  /** {@code text} matched as written, any run of whitespace as one or more. */
  private static String literal(String text) {
    StringBuilder sb = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s+").matcher(text);
    int last = 0;
    while (m.find()) {
      if (m.start() > last) sb.append(java.util.regex.Pattern.quote(text.substring(last, m.start())));
      sb.append("\\s+");
      last = m.end();
    }
    if (last < text.length()) sb.append(java.util.regex.Pattern.quote(text.substring(last)));
    return sb.toString();
  }

  /** The sources that contain {@code s}, in query order. */
  List<Source> sourcesWith(Specific s) {
    List<Source> with = new ArrayList<>();
    for (Source source : sources) if (source(source).contains(s)) with.add(source);
    return with;
  }
}

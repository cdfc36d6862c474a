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
   * that a common phrase is not taken for a copy.
   */
  boolean changedInCopy(String text, Specific s) {
    String before = text.substring(0, s.start());
    int cut = Math.max(Math.max(before.lastIndexOf(". "), before.lastIndexOf("; ")), before.lastIndexOf('\n'));
    List<String> left = words(before.substring(cut + 1));
    // a name's capitalised first words at the sentence's start ("United" of "United States") are
    // the name, not context: the copy is then known by the words after it alone
    if (left.size() <= 3 && left.stream().allMatch(w -> Character.isUpperCase(w.codePointAt(0)))) left = List.of();
    String after = text.substring(s.end());
    int end = after.length();
    for (String stop : List.of(". ", "; ", "\n", " [")) {
      int i = after.indexOf(stop);
      if (i >= 0) end = Math.min(end, i);
    }
    List<String> right = words(after.substring(0, end).replaceAll("[.!?]+$", ""));
    left = left.subList(Math.max(0, left.size() - (right.isEmpty() ? 4 : 3)), left.size());
    right = right.subList(0, Math.min(left.isEmpty() ? 4 : 3, right.size()));
    if (left.size() + right.size() < 4 || left.isEmpty() && right.size() < 4) return false;
    String filler = left.isEmpty() ? "(?:^|(?<=[.!?;]\\s))(\\S+(?:\\s+\\S+){0,3}?)" : "(\\S+(?:\\s+\\S+){0,3}?)";
    java.util.regex.Pattern copy = java.util.regex.Pattern.compile((left.isEmpty() ? "" : quoted(left) + "\\s+") + filler
        + (right.isEmpty() ? "(?=[.!?;,](?:\\s|$)|$)" : "\\s+" + quoted(right)));
    boolean changed = false;
    String written = s.text().toLowerCase(java.util.Locale.ROOT);
    for (Source source : sources) {
      java.util.regex.Matcher m = copy.matcher(source.text().replaceAll("\\s+", " "));
      for (int from = 0; from < m.regionEnd() && m.find(from); from = m.start() + 1) {
        String there = m.group(1);
        if (there.toLowerCase(java.util.Locale.ROOT).contains(written)) return false;
        // the same kind of specific in its place: a number where a number was, a name where a name was
        if (s.kind() == Specific.Kind.NUMBER || s.kind() == Specific.Kind.MONEY ? there.matches(".*\\d.*|(?i).*\\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\\b.*")
            : s.kind() == Specific.Kind.NAME && Character.isUpperCase(there.codePointAt(0))) changed = true;
      }
    }
    return changed;
  }

  private static List<String> words(String text) {
    String t = text.strip();
    return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
  }

  private static String quoted(List<String> words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) sb.append(sb.length() == 0 ? "" : "\\s+").append(java.util.regex.Pattern.quote(w));
    return sb.toString();
  }

  /** The sources that contain {@code s}, in query order. */
  List<Source> sourcesWith(Specific s) {
    List<Source> with = new ArrayList<>();
    for (Source source : sources) if (source(source).contains(s)) with.add(source);
    return with;
  }
}

package io.veritrace.verifiers.grounding;

import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.dates.DateVerifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule {@code grounding.citation}: a claim marked with a citation ({@link CitationMark}) must be
 * supported by what it cites. The claim is the words of its sentence before the marker (after
 * the previous marker in the same sentence), or after it when the marker opens the sentence. Its
 * numbers, money amounts, dates, names and identifiers must occur in a cited source, unless the
 * user gave them or a checked step derived them. A citation to a source the query does not have
 * fails; so does one whose specifics occur only in another source, naming that source.
 */
public final class CitationVerifier implements Verifier {

  public static final String NAME = "grounding";
  public static final String RULE = "grounding.citation";


  /** Clause boundaries within a sentence: a citation at the end vouches for its clause only. */
  private static final Pattern CLAUSE_BREAK =
      Pattern.compile(";|,\\s+(?:and|but|while|whereas|so)\\s|\\s(?:while|whereas)\\s");

  /** Words a claim needs before being copied verbatim supports it: "in 1990 [2]" is still checked by its specifics. */
  static final int VERBATIM_WORDS = 3;

  private static final Pattern UNIT_AFTER = Pattern.compile("^[\\s%-]*([A-Za-z]+)");

  private static final java.util.Set<String> NOT_UNITS =
      java.util.Set.of(
          "and", "or", "of", "to", "per", "in", "on", "at", "for", "the", "a", "an", "with", "by",
          "from", "is", "are", "was", "were", "be", "than", "more", "less", "off", "each", "every",
          "after", "before", "if", "as", "it", "this", "that", "which", "so", "but", "then");

  private final DateVerifier dates;

  public CitationVerifier(DateVerifier dates) {
    this.dates = Objects.requireNonNull(dates, "dates");
  }

  public CitationVerifier() {
    this(new DateVerifier());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    if (query.sources().isEmpty()) {
      return List.of(
          new Verdict(NAME, RULE, Grade.NOT_APPLICABLE, -1, "the query has no sources", "", "", null));
    }
    Grounds grounds = Grounds.of(query, proposal, stepVerdicts, dates);
    List<Verdict> verdicts = new ArrayList<>();
    for (Step step : proposal.steps()) check(step.index(), step.text(), query.sources(), grounds, verdicts);
    check(-1, proposal.answer(), query.sources(), grounds, verdicts);
    return verdicts;
  }

  /** Adjacent markers ({@code [1][3]}, {@code [1], [3]}) cite together. */
  private record Group(int start, int end, List<String> refs) {}

  private void check(int step, String text, List<Source> sources, Grounds grounds, List<Verdict> out) {
    List<Group> groups = groups(text, CitationMark.in(text, sources));
    for (int g = 0; g < groups.size(); g++) {
      Group group = groups.get(g);
      String marker = text.substring(group.start(), group.end());
      List<Source> cited = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (String ref : group.refs()) {
        Optional<Source> s = CitationMark.resolve(ref, sources);
        if (s.isPresent()) cited.add(s.get());
        else missing.add(ref);
      }
      if (!missing.isEmpty()) {
        out.add(
            Verdict.fail(
                NAME,
                RULE,
                step,
                marker + " cites " + String.join(", ", missing) + ", which is not one of the query's "
                    + sources.size() + " sources (" + CitationMark.ids(sources) + ")",
                String.join(", ", missing),
                ""));
        continue;
      }
      String claim = claimFor(text, groups, g);
      out.add(judge(step, marker, claim, cited, grounds));
    }
  }

  private static Verdict judge(int step, String marker, String claim, List<Source> cited, Grounds grounds) {
    String shownClaim = "\"" + SourceShelf.clip(claim, 160) + "\"";
    String verbatim = NormalizedText.normalize(claim);
    if (verbatim.split(" ").length >= VERBATIM_WORDS) {
      for (Source c : cited) {
        if (grounds.source(c).containsPassage(verbatim)) {
          // copied word for word from what it cites: supported whatever it names (or names nothing)
          return Verdict.pass(NAME, RULE, step, "claim " + shownClaim + " is verbatim in " + CitationMark.describe(c));
        }
      }
    }
    for (Source c : cited) {
      String altered = grounds.source(c).alteredCopy(claim, verbatim);
      if (altered == null) altered = grounds.replacedOpening(claim, c);
      if (altered != null) {
        return Verdict.fail(
            NAME, RULE, step,
            "claim " + shownClaim + " copies " + CitationMark.describe(c) + " but changes it: " + altered,
            altered, "");
      }
    }
    List<String> supported = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    Set<Source> elsewhere = new LinkedHashSet<>();
    boolean inNoSource = false;
    for (Specific s : SpecificFinder.in(claim)) {
      String unit = unitAfter(claim, s);
      if (cited.stream().anyMatch(c -> grounds.source(c).contains(s))) {
        // the number is there; if the source counts that unit elsewhere ("16 weeks") but never this
        // number of it, the claim's number counts something else ("18 weeks" from "18 days")
        if (unit == null || cited.stream().anyMatch(c -> grounds.source(c).containsQuantity(s.key(), unit))
            || cited.stream().noneMatch(c -> grounds.source(c).usesUnit(unit))) {
          supported.add(s.text());
        } else if (!grounds.askedOrDerived(s)) {
          unsupported.add("\"" + s.text() + " " + unit + "\" (the number is there, counting something else)");
        } else {
          supported.add(s.text());
        }
      } else if (!grounds.askedOrDerived(s)) {
        unsupported.add(s.kind().words() + " \"" + s.text() + "\"");
        List<Source> with = grounds.sourcesWith(s);
        if (with.isEmpty()) inNoSource = true;
        elsewhere.addAll(with);
      }
    }
    String citedNames = names(new ArrayList<>(cited));
    if (unsupported.isEmpty()) {
      if (supported.isEmpty()) {
        return new Verdict(
            NAME, RULE, Grade.NOT_APPLICABLE, step,
            "claim " + shownClaim + " has no numbers, dates or names to check against " + citedNames,
            "", "", null);
      }
      return Verdict.pass(
          NAME, RULE, step,
          "claim " + shownClaim + " is supported by " + citedNames + ": " + String.join("; ", supported));
    }
    String message = "claim " + shownClaim + " cites " + citedNames + ", which does not contain "
        + String.join(", ", unsupported);
    if (!elsewhere.isEmpty()) {
      message += "; " + (unsupported.size() == 1 ? "it occurs" : "they occur") + " in "
          + names(new ArrayList<>(elsewhere));
    }
    if (inNoSource) message += (elsewhere.isEmpty() ? "; " : ", and some ") + "in no source at all";
    String fix = !inNoSource && elsewhere.size() == 1 ? "[" + elsewhere.iterator().next().id() + "]" : "";
    return Verdict.fail(
        NAME, RULE, step, message,
        elsewhere.isEmpty() ? String.join(", ", unsupported) : names(new ArrayList<>(elsewhere)),
        fix);
  }

  /** The word a number counts ("18 weeks" gives weeks); null for years and bare numbers. */
  private static String unitAfter(String claim, Specific s) {
    if (s.kind() != Specific.Kind.NUMBER || s.key().matches("(?:19|20)\\d\\d")) return null;
    Matcher m = UNIT_AFTER.matcher(claim.substring(s.end()));
    if (!m.find()) return null;
    String unit = m.group(1).toLowerCase(java.util.Locale.ROOT);
    return NOT_UNITS.contains(unit) ? null : unit;
  }

  private static String names(List<Source> sources) {
    List<String> names = new ArrayList<>();
    for (Source s : sources) names.add(CitationMark.describe(s));
    return String.join(", ", names);
  }

  private static List<Group> groups(String text, List<CitationMark> marks) {
    List<Group> groups = new ArrayList<>();
    for (CitationMark mark : marks) {
      if (!groups.isEmpty()) {
        Group last = groups.get(groups.size() - 1);
        if (text.substring(last.end(), mark.start()).matches("[\\s,;]*")) {
          List<String> refs = new ArrayList<>(last.refs());
          refs.addAll(mark.refs());
          groups.set(groups.size() - 1, new Group(last.start(), mark.end(), refs));
          continue;
        }
      }
      groups.add(new Group(mark.start(), mark.end(), mark.refs()));
    }
    return groups;
  }

  /** The words a citation vouches for (see the class comment). */
  static String claimFor(String text, List<Group> groups, int g) {
    Group group = groups.get(g);
    int sentenceStart = sentenceStart(text, group.start());
    int from = sentenceStart;
    if (g > 0 && groups.get(g - 1).end() > sentenceStart) from = groups.get(g - 1).end();
    String before = text.substring(from, group.start());
    Matcher clause = CLAUSE_BREAK.matcher(before);
    int lastBreak = -1;
    while (clause.find()) lastBreak = clause.end();
    if (lastBreak > 0 && before.substring(lastBreak).chars().anyMatch(Character::isLetterOrDigit)) {
      before = before.substring(lastBreak); // "at 415 Sierra Avenue, and Reno ... [2]": [2] is for Reno
    }
    if (before.chars().anyMatch(Character::isLetterOrDigit)) return before.strip();
    int stop = group.start() - 1;
    while (stop >= 0 && text.charAt(stop) == ' ') stop--;
    if (stop > 0 && isStop(text.charAt(stop))) { // "... within 14 days. [2]" cites the sentence before
      int previous = sentenceStart(text, stop);
      if (g > 0 && groups.get(g - 1).end() > previous) previous = groups.get(g - 1).end();
      return text.substring(previous, stop).strip();
    }
    int to = sentenceEnd(text, group.end());
    if (g + 1 < groups.size() && groups.get(g + 1).start() < to) to = groups.get(g + 1).start();
    return text.substring(group.end(), to).strip();
  }

  private static int sentenceStart(String text, int at) {
    for (int i = at - 1; i > 0; i--) {
      char c = text.charAt(i);
      if (c == '\n') return i + 1;
      if (c == ' ' && isStop(text.charAt(i - 1)) && !abbreviation(text, i - 1)) return i + 1;
    }
    return 0;
  }

  private static final Pattern ABBREVIATION =
      Pattern.compile("(?:^|[\\s(])(?:\\p{Lu}|(?:\\p{Lu}\\.)+\\p{Lu}|etc|e\\.g|i\\.e|vs|cf|pp|p|no|nos|vol|jr|sr|st|mr|mrs|ms|dr|prof|inc|ltd|co|corp|approx|ca|fig)$",
          Pattern.CASE_INSENSITIVE);

  /** Whether the full stop at {@code dot} ends an abbreviation ("U.S.", "etc.", "Willard F.") rather than a sentence. */
  private static boolean abbreviation(String text, int dot) {
    if (text.charAt(dot) != '.') return false;
    String before = text.substring(Math.max(0, dot - 12), dot);
    Matcher m = ABBREVIATION.matcher(before);
    if (!m.find()) return false;
    // a lone capital is an initial only when written as one ("F."), not a word ("plan B.")
    return !before.matches("(?s).*\\s[a-z]+\\s\\p{Lu}") || before.matches("(?s).*\\p{Lu}\\p{L}*\\s\\p{Lu}");
  }

  private static int sentenceEnd(String text, int at) {
    for (int i = at; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') return i;
      if (isStop(c) && (i + 1 == text.length() || text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\n')) return i;
    }
    return text.length();
  }

  private static boolean isStop(char c) {
    return c == '.' || c == '!' || c == '?';
  }
}

package io.veritrace.verifiers.grounding;

import io.veritrace.core.Grade;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Step;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Rule {@code grounding.quote}: words an answer presents as quoted ({@link Quotation}) must occur
 * in the source they are attributed to, after {@link NormalizedText} normalization; an ellipsis
 * ({@code ...}, {@code …}, {@code [...]}) may stand for omitted words. The source a quotation is
 * attributed to is the one cited right after it, else one whose title the sentence names, else
 * any source. A quotation found in a different source than the one it is attributed to fails
 * naming where it does occur; one found nowhere fails with the closest passage as counterexample.
 */
public final class QuoteVerifier implements Verifier {

  public static final String NAME = "grounding";
  public static final String RULE = "grounding.quote";

  private static final Pattern ELLIPSIS = Pattern.compile("\\s*\\[?\\s*(?:\\.\\s?\\.\\s?\\.|\u2026)\\s*]?\\s*");

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
    SourceShelf shelf = new SourceShelf(query.sources());
    List<Verdict> verdicts = new ArrayList<>();
    for (Step step : proposal.steps()) check(step.index(), step.text(), shelf, verdicts);
    check(-1, proposal.answer(), shelf, verdicts);
    return verdicts;
  }

  private void check(int step, String text, SourceShelf shelf, List<Verdict> out) {
    for (Quotation quotation : Quotation.in(text, shelf.sources())) {
      out.add(judge(step, quotation, attributedTo(quotation, text, shelf), shelf));
    }
  }

  /** The sources a quotation claims to come from; empty when it names none (any will do). */
  private static List<Source> attributedTo(Quotation quotation, String text, SourceShelf shelf) {
    List<Source> cited = new ArrayList<>();
    for (String ref : quotation.refs()) {
      Optional<Source> s = CitationMark.resolve(ref, shelf.sources());
      s.ifPresent(cited::add);
    }
    if (!cited.isEmpty()) return cited;
    String leadIn = NormalizedText.normalize(sentenceBefore(text, quotation.start()));
    for (Source s : shelf.sources()) {
      String title = NormalizedText.normalize(s.title());
      if (!title.isEmpty() && PassageSearch.indexOfWord(leadIn, title, 0) >= 0) cited.add(s);
    }
    return cited;
  }

  private static String sentenceBefore(String text, int at) {
    int from = Math.max(0, at - 300);
    for (int i = at - 1; i >= from; i--) {
      char c = text.charAt(i);
      if (c == '\n' || ((c == '.' || c == '!' || c == '?') && i + 1 < at && text.charAt(i + 1) == ' ')) {
        return text.substring(i + 1, at);
      }
    }
    return text.substring(from, at);
  }

  private static Verdict judge(int step, Quotation q, List<Source> attributed, SourceShelf shelf) {
    List<String> fragments = new ArrayList<>();
    for (String part : ELLIPSIS.split(q.text())) {
      String n = NormalizedText.normalize(part);
      if (!n.isEmpty()) fragments.add(n);
    }
    String shown = "\"" + SourceShelf.clip(q.text(), 160) + "\"";
    if (fragments.isEmpty()) {
      // nothing was checked, so nothing passes: an empty quotation covers no claim
      return new Verdict(NAME, RULE, Grade.NOT_APPLICABLE, step, "quotation " + shown + " has no words to check", "", "", null);
    }
    List<Source> candidates = attributed.isEmpty() ? shelf.sources() : attributed;
    for (Source s : candidates) {
      if (PassageSearch.containsInOrder(shelf.text(s), fragments)) {
        return Verdict.pass(NAME, RULE, step, "quotation " + shown + " occurs in " + CitationMark.describe(s));
      }
    }
    if (!attributed.isEmpty()) {
      for (Source s : shelf.sources()) {
        if (!attributed.contains(s) && PassageSearch.containsInOrder(shelf.text(s), fragments)) {
          return Verdict.fail(
              NAME,
              RULE,
              step,
              "quotation " + shown + " is attributed to " + names(attributed)
                  + " but occurs in " + CitationMark.describe(s),
              CitationMark.describe(s),
              "[" + s.id() + "]");
        }
      }
    }
    String whole = String.join(" ", fragments);
    PassageSearch.Passage best = new PassageSearch.Passage("", -1, false);
    Source bestSource = candidates.get(0);
    for (Source s : candidates) {
      PassageSearch.Passage p = PassageSearch.closest(shelf.text(s), whole);
      if (p.similarity() > best.similarity()) {
        best = p;
        bestSource = s;
      }
    }
    String where = attributed.isEmpty() ? "any source" : names(attributed);
    String closest =
        best.passage().isEmpty()
            ? "; " + CitationMark.describe(bestSource) + " has no words in common with it"
            : "; the closest passage, in " + CitationMark.describe(bestSource) + " ("
                + Math.round(best.similarity() * 100) + "% of the quoted words"
                + (best.truncated() ? ", searching its first " + PassageSearch.MAX_SCAN_CHARS + " characters" : "")
                + "), is: \"" + SourceShelf.clip(best.passage(), 300) + "\"";
    return Verdict.fail(
        NAME, RULE, step, "quotation " + shown + " does not occur in " + where + closest, best.passage(), "");
  }

  private static String names(List<Source> sources) {
    List<String> names = new ArrayList<>();
    for (Source s : sources) names.add(CitationMark.describe(s));
    return String.join(", ", names);
  }
}

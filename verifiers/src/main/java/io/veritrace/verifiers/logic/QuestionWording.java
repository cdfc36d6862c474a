package io.veritrace.verifiers.logic;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clarifying question in English: a fact in the words of its predicate's reading when the
 * translator gave one ("Bonnie performs in talent shows"), otherwise spoken from the predicate's
 * name ({@code Wumpus(max)} → "Max is a wumpus").
 */
final class QuestionWording {

  /** Word endings that mark an adjective, which takes no article ("is engaged", "is a dog"). */
  private static final Pattern ADJECTIVE =
      Pattern.compile(".*(ed|ing|ive|ous|ful|able|ible|ic|less|ish|y)|in|at|on|of|from|with|lost|won|born|made");

  private QuestionWording() {}

  /** A question about {@code atom}; {@code settles}: each answer decides the conclusion. */
  static Clarification question(
      LogicProblem problem, Z3Encoding.GroundAtom atom, boolean settles, List<String> differences) {
    return new Clarification(
        "It depends on whether " + words(problem, atom) + " — which is it?",
        atom.written(),
        settles,
        differences);
  }

  /** The question when no one fact decides it: the conclusion itself, in its reading if it has one. */
  static Clarification unsettled(LogicProblem problem, Node conclusion, List<String> differences) {
    String what =
        problem.conclusionGloss().isEmpty()
            ? Node.show(conclusion)
            : problem.conclusionGloss().replaceAll("[.?!]+$", "");
    return new Clarification(
        "The premises do not settle whether " + what + ": it holds in some situations they"
            + " allow and fails in others — which is it?",
        "",
        false,
        differences);
  }

  /** The question for SMT-LIB input: the first constant the two models give different values. */
  static Clarification dependsOnValue(String first, List<String> differences) {
    String question =
        first.isEmpty()
            ? "The premises do not settle the conclusion — what else is known?"
            : "It depends on the value of " + first + " — what is it?";
    return new Clarification(question, first, false, differences);
  }

  private static String words(LogicProblem problem, Z3Encoding.GroundAtom atom) {
    for (LogicProblem.PredicateGloss g : problem.predicates()) {
      if (!g.name().equals(atom.predicate())
          || g.parameters().size() != atom.constants().size()
          || g.text().isBlank()) {
        continue;
      }
      String text = g.text().strip().replaceAll("[.?!]+$", "");
      for (int i = 0; i < g.parameters().size(); i++) {
        String p = g.parameters().get(i);
        text =
            text.replaceAll(
                "(?<![\\w$])" + Pattern.quote(p) + "(?!\\w)",
                Matcher.quoteReplacement(display(atom.constants().get(i))));
        if (p.startsWith("$")) {
          text =
              text.replaceAll(
                  "(?<![\\w$])" + Pattern.quote(p.substring(1)) + "(?!\\w)",
                  Matcher.quoteReplacement(display(atom.constants().get(i))));
        }
      }
      return text;
    }
    return spoken(atom);
  }

  /**
   * An atom in words when no reading of its predicate was given: {@code Wumpus(max)} → "Max is
   * a wumpus", {@code PerformsInShows(bonnie)} → "Bonnie performs in shows", {@code
   * Love(james, fall)} → "James love fall".
   */
  private static String spoken(Z3Encoding.GroundAtom atom) {
    String words = atom.predicate().replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(Locale.ROOT);
    List<String> args = atom.constants().stream().map(QuestionWording::display).toList();
    if (args.size() == 1) {
      String[] w = words.split(" ");
      boolean verb = w.length > 1 && w[0].length() > 3 && w[0].matches(".*[^siu]s");
      if (verb) return args.get(0) + " " + words;
      if (ADJECTIVE.matcher(w[0]).matches()) return args.get(0) + " is " + words;
      // a plural ("Students") would read wrongly with an article: say the atom itself
      if (w[w.length - 1].matches(".*[^siu]s")) return atom.written() + " is true";
      return args.get(0) + " is " + ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
    }
    if (args.size() == 2) return args.get(0) + " " + words + " " + args.get(1);
    return atom.written() + " is true";
  }

  private static String display(String constant) {
    String spaced = constant.replace('_', ' ');
    return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }
}

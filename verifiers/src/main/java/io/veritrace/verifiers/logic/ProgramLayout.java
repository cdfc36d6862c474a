package io.veritrace.verifiers.logic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the program layout LLM translators emit (Logic-LM): sections {@code Predicates:},
 * {@code Premises:} and {@code Conclusion:}, one entry a line, each optionally followed by
 * {@code ::: gloss}. Empty lines are skipped; Markdown code fences are skipped and reported.
 */
final class ProgramLayout {

  private static final Pattern HEADER = Pattern.compile("([A-Za-z]+)\\s*:(?!::)\\s*(.*)");
  private static final Pattern DECLARATION =
      Pattern.compile("([^\\s(]+)\\s*\\(([^()]*)\\)\\s*");

  private enum Section {
    PREDICATES,
    PREMISES,
    CONCLUSION
  }

  private ProgramLayout() {}

  static LogicProblem parse(String program) throws InputRejected {
    List<Repair> repairs = new ArrayList<>();
    List<LogicProblem.PredicateGloss> predicates = new ArrayList<>();
    List<Premise> premises = new ArrayList<>();
    List<String[]> conclusions = new ArrayList<>();
    Section section = null;
    String[] lines = program.split("\r?\n", -1);
    for (int n = 1; n <= lines.length; n++) {
      String line = lines[n - 1].strip();
      String where = "program line " + n;
      if (line.isEmpty()) continue;
      if (line.startsWith("```")) {
        repairs.add(new Repair(Repair.Kind.CODE_FENCE, where, "skipped the code fence " + line));
        continue;
      }
      Matcher header = HEADER.matcher(line);
      if (header.matches()) {
        section = section(header.group(1), where);
        if (section != null) {
          line = header.group(2).strip();
          if (line.isEmpty()) continue;
        }
      }
      if (section == null) {
        throw new InputRejected(
            Rejection.Cause.LAYOUT,
            where,
            "'" + line + "' is outside any section; a program has the sections Predicates:,"
                + " Premises: and Conclusion:");
      }
      String[] entry = LogicProblem.splitGloss(line);
      switch (section) {
        case PREDICATES -> predicates.add(declaration(entry, where));
        case PREMISES -> premises.add(new Premise(premises.size() + 1, entry[0], entry[1]));
        case CONCLUSION -> conclusions.add(entry);
      }
    }
    if (conclusions.isEmpty()) {
      throw new InputRejected(
          Rejection.Cause.EMPTY, "program", "no Conclusion: section with a formula");
    }
    if (conclusions.size() > 1) {
      throw new InputRejected(
          Rejection.Cause.LAYOUT,
          "program",
          "the Conclusion: section has " + conclusions.size() + " formulas; give one conclusion"
              + " per program");
    }
    return new LogicProblem(
        premises, conclusions.get(0)[0], conclusions.get(0)[1], predicates, repairs);
  }

  private static Section section(String word, String where) throws InputRejected {
    String w = word.toLowerCase(Locale.ROOT);
    return switch (w) {
      case "predicates" -> Section.PREDICATES;
      case "premises" -> Section.PREMISES;
      case "conclusion", "conclusions" -> Section.CONCLUSION;
      case "facts", "rules", "query", "question", "constants" -> throw new InputRejected(
          Rejection.Cause.LAYOUT,
          where,
          "unknown section '" + word + ":'; the sections are Predicates:, Premises: and"
              + " Conclusion:");
      default -> null; // not a header: a formula such as ∀x: P(x) is read in its section
    };
  }

  private static LogicProblem.PredicateGloss declaration(String[] entry, String where)
      throws InputRejected {
    Matcher m = DECLARATION.matcher(entry[0].strip());
    if (!m.matches()) {
      throw new InputRejected(
          Rejection.Cause.LAYOUT,
          where,
          "expected a predicate declaration such as Dependent($x) ::: x is dependent on"
              + " caffeine, got '" + entry[0].strip() + "'");
    }
    List<String> parameters =
        Arrays.stream(m.group(2).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    return new LogicProblem.PredicateGloss(m.group(1), parameters, entry[1]);
  }
}

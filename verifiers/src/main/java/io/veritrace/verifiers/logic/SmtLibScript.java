package io.veritrace.verifiers.logic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Z3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Premises and a conclusion written as SMT-LIB2, checked before Z3 sees them.
 *
 * <p>Z3's SMT-LIB2 parser executes commands, and some of them change process-wide state: {@code
 * (set-option :rlimit 1)} or {@code :smt.mbqi false} set Z3's global parameters, which then hold
 * for every later check of every user until restart. So only the commands that state a problem
 * reach Z3 (declarations, definitions, assertions); the ones that only ask for output ({@code
 * check-sat}, {@code get-model}, {@code set-info}, {@code set-logic}), which translators write out
 * of habit, are left out; every other command — options, parameters, {@code push}/{@code pop},
 * {@code reset}, {@code exit} — is rejected by name. Nesting is bounded before Z3's parser, which
 * recurses natively, gets there.
 */
final class SmtLibScript {

  private static final Pattern COMMAND =
      Pattern.compile("\\(\\s*\\|?(declare-|define-|assert\\b|set-|push\\b|pop\\b|check-sat|get-|reset\\b|exit\\b|echo\\b)");

  /** What states the problem: passed to Z3. */
  private static final Set<String> STATING =
      Set.of(
          "declare-const", "declare-fun", "declare-sort", "declare-datatype", "declare-datatypes",
          "define-fun", "define-fun-rec", "define-funs-rec", "define-sort", "define-const", "assert");

  /** What only asks for output or names the logic: no effect on what is decided, left out. */
  private static final Set<String> OUTPUT_ONLY =
      Set.of("check-sat", "get-model", "get-value", "get-info", "get-unsat-core", "get-proof",
          "get-assertions", "get-assignment", "set-info", "set-logic");

  private final String premises;
  private final String conclusion;

  private SmtLibScript(String premises, String conclusion) {
    this.premises = premises;
    this.conclusion = conclusion;
  }

  /** Whether the problem is written in SMT-LIB2 (any premise or the conclusion is a command). */
  static boolean isSmtLib(LogicProblem problem) {
    return problem.premises().stream().anyMatch(p -> COMMAND.matcher(p.formula().strip()).lookingAt())
        || COMMAND.matcher(problem.conclusion().strip()).lookingAt();
  }

  /**
   * The problem's script with only the commands that state it.
   *
   * @param premisesOnly the conclusion is not checked (the premises' consistency is)
   * @throws InputRejected for a command that is not allowed, first-order formulas mixed in,
   *     unbalanced parentheses or nesting beyond {@code limits}
   */
  static SmtLibScript of(LogicProblem problem, boolean premisesOnly, LogicLimits limits) throws InputRejected {
    StringBuilder script = new StringBuilder();
    for (Premise p : problem.premises()) {
      String f = p.formula().strip();
      if (f.isEmpty()) continue;
      String where = "premise " + p.number();
      if (!COMMAND.matcher(f).lookingAt()) {
        throw new InputRejected(
            Rejection.Cause.SMTLIB, where, "mixes first-order formulas with SMT-LIB2 commands; give one or the other");
      }
      script.append(stating(f, where, limits));
    }
    String conclusion = "(assert true)";
    if (!premisesOnly) {
      String c = problem.conclusion().strip();
      conclusion = stating(c.startsWith("(assert") ? c : "(assert " + c + ")", "conclusion", limits);
    }
    return new SmtLibScript(script.toString(), conclusion);
  }

  /**
   * The premises' assertions and, last, the conclusion's, parsed by Z3 in {@code ctx}.
   *
   * @throws InputRejected what Z3 could not read, or a conclusion that is not one Boolean term
   */
  BoolExpr[] parse(Context ctx) throws InputRejected {
    BoolExpr[] alone = parse(ctx, premises, "premises");
    BoolExpr[] all = parse(ctx, premises + conclusion, "conclusion");
    if (all.length != alone.length + 1) {
      throw new InputRejected(Rejection.Cause.SMTLIB, "conclusion", "must be exactly one SMT-LIB2 Boolean term");
    }
    return all;
  }

  private static BoolExpr[] parse(Context ctx, String script, String where) throws InputRejected {
    try {
      return ctx.parseSMTLIB2String(script, null, null, null, null);
    } catch (Z3Exception e) {
      throw new InputRejected(Rejection.Cause.SMTLIB, where, e.getMessage().strip());
    }
  }

  /**
   * The top-level commands of {@code text} that state the problem, each on its own line; reads
   * comments, {@code |quoted symbols|} and {@code "strings"} so that parentheses inside them do
   * not count.
   */
  private static String stating(String text, String where, LogicLimits limits) throws InputRejected {
    StringBuilder kept = new StringBuilder();
    int depth = 0;
    int start = -1;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == ';') {
        while (i < text.length() && text.charAt(i) != '\n') i++;
      } else if (ch == '|' || ch == '"') {
        int close = text.indexOf(ch, i + 1);
        if (close < 0) {
          throw new InputRejected(Rejection.Cause.SMTLIB, where + ", character " + (i + 1), "unclosed " + ch);
        }
        i = close;
      } else if (ch == '(') {
        if (depth == 0) start = i;
        if (++depth > limits.maxDepth()) {
          throw new InputRejected(
              Rejection.Cause.TOO_DEEP, where + ", character " + (i + 1), "nests deeper than " + limits.maxDepth() + " levels");
        }
      } else if (ch == ')') {
        if (--depth < 0) {
          throw new InputRejected(
              Rejection.Cause.UNBALANCED_PARENTHESES, where + ", character " + (i + 1), "a ')' closes nothing");
        }
        if (depth == 0) {
          String command = text.substring(start, i + 1);
          if (keep(command, where)) kept.append(command).append('\n');
        }
      } else if (depth == 0 && !Character.isWhitespace(ch)) {
        throw new InputRejected(
            Rejection.Cause.SMTLIB, where + ", character " + (i + 1), "text outside a command; every line must be a (command ...)");
      }
    }
    if (depth > 0) {
      throw new InputRejected(Rejection.Cause.UNBALANCED_PARENTHESES, where, depth + " '(' never closed");
    }
    return kept.toString();
  }

  private static boolean keep(String command, String where) throws InputRejected {
    String head = head(command);
    if (STATING.contains(head)) return true;
    if (OUTPUT_ONLY.contains(head)) return false;
    throw new InputRejected(
        Rejection.Cause.SMTLIB,
        where,
        "(" + head + " ...) is not allowed: a script may only declare, define and assert; solver options, "
            + "push/pop, reset and exit belong to the checker, which sets its own limits");
  }

  /** The command's name, {@code |quoted|} or not. */
  private static String head(String command) {
    int i = 1;
    while (i < command.length() && Character.isWhitespace(command.charAt(i))) i++;
    int end = i;
    if (end < command.length() && command.charAt(end) == '|') {
      end = command.indexOf('|', end + 1);
      return command.substring(i + 1, end);
    }
    while (end < command.length() && !Character.isWhitespace(command.charAt(end)) && command.charAt(end) != '(' && command.charAt(end) != ')') end++;
    return command.substring(i, end);
  }
}

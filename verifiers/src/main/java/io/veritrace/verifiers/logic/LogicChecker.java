package io.veritrace.verifiers.logic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import com.microsoft.z3.Z3Exception;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides premises against a conclusion with Z3: entailed, refuted, undetermined (with a
 * clarifying question) or inconsistent premises (with the conflicting ones), each with its
 * evidence.
 *
 * <p>Every check runs in its own Z3 {@link Context} (Z3 contexts are not thread-safe), closed
 * when the check ends, so a checker holds no native memory between checks, is safe to share
 * between threads, and gives the same result for the same problem whatever ran before (a
 * context costs about 1.5 ms). A check is bounded by {@link LogicLimits}; one the solver cannot
 * finish in time or memory is {@link LogicResult.Unknown}, never a pass. Bad input never
 * throws: it is a {@link LogicResult.Rejected} with a message for the translator.
 */
public final class LogicChecker {

  /** Word endings that mark an adjective, which takes no article ("is engaged", "is a dog"). */
  private static final Pattern ADJECTIVE =
      Pattern.compile(".*(ed|ing|ive|ous|ful|able|ible|ic|less|ish|y)|in|at|on|of|from|with|lost|won|born|made");

  /** Atoms the two models agree on, tried as the deciding fact when no differing atom is one. */
  private static final int ALIKE_PROBES = 3;

  private final LogicLimits limits;

  public LogicChecker() {
    this(LogicLimits.DEFAULT);
  }

  public LogicChecker(LogicLimits limits) {
    this.limits = limits;
  }

  public LogicLimits limits() {
    return limits;
  }

  /** Checks a program in the Predicates: / Premises: / Conclusion: layout. */
  public LogicResult checkProgram(String program) {
    if (program.length() > limits.maxProblemChars()) {
      return tooLarge(program.length(), List.of());
    }
    try {
      return check(ProgramLayout.parse(program));
    } catch (InputRejected e) {
      return new LogicResult.Rejected(e.rejection, List.of());
    }
  }

  public LogicResult check(LogicProblem problem) {
    return check(problem, false);
  }

  /**
   * Checks the premises alone: {@link LogicResult.Inconsistent} with the conflicting premises,
   * {@link LogicResult.Consistent}, or why it could not tell.
   */
  public LogicResult checkPremises(List<Premise> premises) {
    return check(new LogicProblem(premises, "", "", List.of(), List.of()), true);
  }

  private LogicResult check(LogicProblem problem, boolean premisesOnly) {
    List<Repair> repairs = new ArrayList<>(problem.repairs());
    try {
      int chars = problem.conclusion().length();
      for (Premise p : problem.premises()) chars += p.formula().length();
      if (chars > limits.maxProblemChars()) return tooLarge(chars, repairs);
      if (problem.premises().size() > limits.maxPremises()) {
        throw new InputRejected(
            Rejection.Cause.TOO_LARGE,
            "premises",
            problem.premises().size() + " premises; the limit is " + limits.maxPremises());
      }
      // read and vetted before any Z3 context exists: no command of the input reaches Z3 unchecked
      SmtLibScript script =
          SmtLibScript.isSmtLib(problem) ? SmtLibScript.of(problem, premisesOnly, limits) : null;
      try (Context ctx = new Context(Map.of("model", "true"))) {
        Translation translation =
            script != null
                ? smtLib(ctx, script, problem)
                : firstOrder(ctx, problem, premisesOnly, repairs);
        requireFaithfulReading(repairs);
        // the budget is for solving: loading Z3's native library on a process's first check, on
        // a busy machine, can take longer than the whole budget
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        Decision decision = new Decision(ctx, translation, deadline, repairs);
        return premisesOnly ? decision.consistency() : decision.decide();
      }
    } catch (InputRejected e) {
      return new LogicResult.Rejected(e.rejection, repairs);
    } catch (Z3Exception e) {
      return new LogicResult.Unknown("solver error: " + e.getMessage(), repairs);
    }
  }

  /**
   * A reading that needed a meaning-changing repair is not decided: a True or False about what
   * the translator might have meant would be a confident answer to another question.
   */
  private static void requireFaithfulReading(List<Repair> repairs) throws InputRejected {
    List<Repair> guesses = repairs.stream().filter(r -> r.kind().changesMeaning()).toList();
    if (guesses.isEmpty()) return;
    throw new InputRejected(
        Rejection.Cause.GUESSED,
        guesses.get(0).where(),
        "can only be read by guessing what was meant ("
            + guesses.stream().map(Repair::toString).collect(java.util.stream.Collectors.joining("; "))
            + "), which may change its meaning; write the formula as meant (∃ for 'some', a constant for"
            + " an individual, one arity per predicate)");
  }

  private LogicResult tooLarge(int chars, List<Repair> repairs) {
    return new LogicResult.Rejected(
        new Rejection(
            Rejection.Cause.TOO_LARGE,
            "problem",
            chars + " characters in all; the limit is " + limits.maxProblemChars()),
        repairs);
  }

  /** Premises and conclusion as Z3 terms; {@code encoding} is null for SMT-LIB input. */
  private record Translation(
      List<Premise> premises,
      BoolExpr[] premiseTerms,
      BoolExpr conclusion,
      Node conclusionNode,
      Set<String> premiseAtoms,
      Set<String> nearConclusion,
      Z3Encoding encoding,
      LogicProblem problem) {}

  private Translation firstOrder(
      Context ctx, LogicProblem problem, boolean premisesOnly, List<Repair> repairs)
      throws InputRejected {
    List<Premise> premises = new ArrayList<>();
    List<Signature.Located> located = new ArrayList<>();
    for (Premise p : problem.premises()) {
      String where = "premise " + p.number();
      if (p.formula().isBlank()) {
        repairs.add(new Repair(Repair.Kind.EMPTY_PREMISE, where, "empty premise skipped"));
        continue;
      }
      premises.add(p);
      located.add(new Signature.Located(where, FormulaParser.parse(p.formula(), where, limits, repairs)));
    }
    Node conclusion = null;
    if (!premisesOnly) {
      if (problem.conclusion().isBlank()) {
        throw new InputRejected(Rejection.Cause.EMPTY, "conclusion", "empty conclusion");
      }
      conclusion = FormulaParser.parse(problem.conclusion(), "conclusion", limits, repairs);
      located.add(new Signature.Located("conclusion", conclusion));
    }
    Signature signature = Signature.infer(located, repairs);
    Z3Encoding encoding = new Z3Encoding(ctx, signature);
    BoolExpr[] terms = new BoolExpr[premises.size()];
    for (int i = 0; i < terms.length; i++) terms[i] = encoding.formula(i, located.get(i).expr());
    BoolExpr c = premisesOnly ? ctx.mkTrue() : encoding.formula(terms.length, conclusion);
    Set<String> premiseAtoms = new HashSet<>();
    for (int i = 0; i < terms.length; i++) {
      collectGround(located.get(i).expr(), premiseAtoms, new HashSet<>());
    }
    // symbols that share a premise with one of the conclusion's: where a missing fact would bear
    Set<String> nearConclusion = new HashSet<>();
    if (conclusion != null) {
      Set<String> inConclusion = new HashSet<>();
      collectSymbols(conclusion, inConclusion);
      for (int i = 0; i < terms.length; i++) {
        Set<String> symbols = new HashSet<>();
        collectSymbols(located.get(i).expr(), symbols);
        if (symbols.stream().anyMatch(inConclusion::contains)) nearConclusion.addAll(symbols);
      }
    }
    return new Translation(premises, terms, c, conclusion, premiseAtoms, nearConclusion, encoding, problem);
  }

  private static Translation smtLib(Context ctx, SmtLibScript script, LogicProblem problem)
      throws InputRejected {
    BoolExpr[] all = script.parse(ctx);
    BoolExpr[] premises = Arrays.copyOf(all, all.length - 1);
    List<Premise> numbered = new ArrayList<>();
    for (int i = 0; i < premises.length; i++) {
      numbered.add(new Premise(i + 1, premises[i].toString(), ""));
    }
    return new Translation(
        numbered, premises, all[premises.length], null, Set.of(), Set.of(), null, problem);
  }

  /** The names of every predicate, function and constant applied in {@code e}. */
  private static void collectSymbols(Node e, Set<String> names) {
    if (e instanceof Node.Apply a) {
      names.add(a.name());
      for (Node arg : a.args()) collectSymbols(arg, names);
    } else if (e instanceof Node.Not n) {
      collectSymbols(n.operand(), names);
    } else if (e instanceof Node.Minus m) {
      collectSymbols(m.operand(), names);
    } else if (e instanceof Node.Chain c) {
      for (Node o : c.operands()) collectSymbols(o, names);
    } else if (e instanceof Node.Binary b) {
      collectSymbols(b.left(), names);
      collectSymbols(b.right(), names);
    } else if (e instanceof Node.Quantified q) {
      collectSymbols(q.body(), names);
    }
  }

  /** Ground atoms written in {@code e}, and the constants it names. */
private static void collectGround(Node e, Set<String> atoms, Set<String> constants) {
    if (e instanceof Node.Apply a) {
      if (a.args().stream().allMatch(x -> x instanceof Node.Apply c && c.args().isEmpty())) {
        atoms.add(Node.show(a));
      }
      if (a.args().isEmpty()) constants.add(a.name());
      for (Node arg : a.args()) collectGround(arg, atoms, constants);
    } else if (e instanceof Node.Not n) {
      collectGround(n.operand(), atoms, constants);
    } else if (e instanceof Node.Minus m) {
      collectGround(m.operand(), atoms, constants);
    } else if (e instanceof Node.Chain c) {
      for (Node o : c.operands()) collectGround(o, atoms, constants);
    } else if (e instanceof Node.Binary b) {
      collectGround(b.left(), atoms, constants);
      collectGround(b.right(), atoms, constants);
    } else if (e instanceof Node.Quantified q) {
      collectGround(q.body(), atoms, constants);
    }
  }

  /** Premises that are unsatisfiable together; {@code minimal}: no one of them can be dropped. */
  private record Core(List<Premise> premises, boolean minimal) {}

  /** Solver calls one core minimisation may make; FOLIO's cores have fewer than 20 premises. */
  private static final int MINIMISING_CHECKS = 100;

  /** The solver calls of one check, sharing one solver and one deadline. */
  private final class Decision {
    private final Context ctx;
    private final Translation t;
    private final long deadline;
    private final List<Repair> repairs;
    private final Solver solver;
    private final Params params;
    private final BoolExpr[] tracks;
    private final BoolExpr holds;
    private final BoolExpr fails;
    private String unknown;

    Decision(Context ctx, Translation t, long deadline, List<Repair> repairs) {
      this.ctx = ctx;
      this.solver = ctx.mkSolver();
      this.params = ctx.mkParams();
      this.t = t;
      this.deadline = deadline;
      this.repairs = repairs;
      params.add("max_memory", limits.maxMemoryMb());
      tracks = new BoolExpr[t.premiseTerms().length];
      for (int i = 0; i < tracks.length; i++) {
        tracks[i] = ctx.mkBoolConst("premise#" + t.premises().get(i).number());
        solver.add(ctx.mkImplies(tracks[i], t.premiseTerms()[i]));
      }
      holds = ctx.mkBoolConst("conclusion#holds");
      fails = ctx.mkBoolConst("conclusion#fails");
      solver.add(ctx.mkImplies(holds, t.conclusion()));
      solver.add(ctx.mkImplies(fails, ctx.mkNot(t.conclusion())));
    }

    LogicResult decide() {
      Status whenFails = run(fails);
      if (whenFails == Status.UNKNOWN) return unknown();
      if (whenFails == Status.SATISFIABLE) {
        Model failing = solver.getModel();
        Status whenHolds = run(holds);
        if (whenHolds == Status.UNKNOWN) return unknown();
        if (whenHolds == Status.UNSATISFIABLE) {
          Core core = core(holds);
          return new LogicResult.Refuted(core.premises(), core.minimal(), repairs);
        }
        return new LogicResult.Undetermined(clarify(solver.getModel(), failing), repairs);
      }
      List<BoolExpr> proof = Arrays.asList(solver.getUnsatCore());
      if (!proof.contains(fails)) return inconsistent();
      Core entailing = core(fails);
      Status whenHolds = run(holds);
      if (whenHolds == Status.UNKNOWN) return unknown();
      if (whenHolds == Status.SATISFIABLE) {
        return new LogicResult.Entailed(entailing.premises(), entailing.minimal(), repairs);
      }
      Status alone = run();
      if (alone == Status.UNKNOWN) return unknown();
      if (alone == Status.SATISFIABLE) {
        throw new IllegalStateException("P ∧ C and P ∧ ¬C unsatisfiable but P satisfiable");
      }
      return inconsistent();
    }

    LogicResult consistency() {
      Status status = run();
      if (status == Status.UNKNOWN) return unknown();
      return status == Status.UNSATISFIABLE ? inconsistent() : new LogicResult.Consistent(repairs);
    }

    private LogicResult inconsistent() {
      Core core = core();
      return new LogicResult.Inconsistent(core.premises(), core.minimal(), repairs);
    }

    /** Checks the premises with {@code extra} assumed, within what is left of the deadline. */
    private Status run(BoolExpr... extra) {
      Status status = check(Arrays.asList(tracks), extra);
      if (status == Status.UNKNOWN && unknown == null) unknown = describeUnknown(solver.getReasonUnknown());
      return status;
    }

    private Status check(List<BoolExpr> premises, BoolExpr... extra) {
      return check(deadline, premises, extra);
    }

    private Status check(long until, List<BoolExpr> premises, BoolExpr... extra) {
      long left = (until - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        if (until == deadline) unknown = "timeout after " + limits.timeout().toMillis() + " ms";
        return Status.UNKNOWN;
      }
      params.add("timeout", (int) Math.min(left, Integer.MAX_VALUE));
      solver.setParameters(params);
      List<BoolExpr> assumptions = new ArrayList<>(premises);
      assumptions.addAll(Arrays.asList(extra));
      return solver.check(assumptions.toArray(BoolExpr[]::new));
    }

    private String describeUnknown(String reason) {
      if (reason.contains("timeout") || reason.contains("canceled")) {
        return "timeout after " + limits.timeout().toMillis() + " ms";
      }
      if (reason.contains("memory")) return "memory limit of " + limits.maxMemoryMb() + " MB";
      return "incomplete: the solver gave up (" + reason + ")";
    }

    private LogicResult unknown() {
      return new LogicResult.Unknown(unknown, repairs);
    }

    /**
     * The premises of the last unsatisfiable check's core, made minimal by dropping one premise
     * at a time while the rest with {@code extra} stay unsatisfiable. Z3 4.14's own
     * {@code core.minimize} returns empty cores for some assumption sets, so it is not used.
     *
     * <p>Minimising takes one solver call per premise of the core, so it is bounded: at most
     * {@link #MINIMISING_CHECKS} calls and half the time left, keeping the rest for the calls
     * that decide; past either, the core found so far (still unsatisfiable, only perhaps not
     * minimal) is the answer, marked so — a long valid chain is decided, not an Error.
     */
    private Core core(BoolExpr... extra) {
      List<BoolExpr> core = tracksIn(solver.getUnsatCore());
      long now = System.nanoTime();
      long until = now + Math.max(0, deadline - now) / 2;
      boolean minimal = true;
      int calls = 0;
      for (int i = 0; i < core.size(); ) {
        if (calls++ == MINIMISING_CHECKS || System.nanoTime() >= until) {
          minimal = false;
          break;
        }
        List<BoolExpr> without = new ArrayList<>(core);
        without.remove(i);
        Status status = check(until, without, extra);
        if (status == Status.UNSATISFIABLE) {
          core = tracksIn(solver.getUnsatCore());
        } else if (status == Status.SATISFIABLE) {
          i++;
        } else {
          minimal = false;
          break;
        }
      }
      Set<BoolExpr> kept = new HashSet<>(core);
      List<Premise> named = new ArrayList<>();
      for (int i = 0; i < tracks.length; i++) {
        if (kept.contains(tracks[i])) named.add(t.premises().get(i));
      }
      return new Core(named, minimal);
    }

    private List<BoolExpr> tracksIn(BoolExpr[] unsatCore) {
      Set<BoolExpr> in = new HashSet<>(Arrays.asList(unsatCore));
      List<BoolExpr> out = new ArrayList<>();
      for (BoolExpr track : tracks) if (in.contains(track)) out.add(track);
      return out;
    }

    private Clarification clarify(Model holding, Model failing) {
      return t.encoding() == null
          ? clarifySmtLib(holding, failing)
          : clarifyFirstOrder(holding, failing);
    }

    private Clarification clarifyFirstOrder(Model holding, Model failing) {
      Set<String> inConclusion = new HashSet<>();
      Set<String> conclusionConstants = new HashSet<>();
      collectGround(t.conclusionNode(), inConclusion, conclusionConstants);
      List<Z3Encoding.GroundAtom> differing = new ArrayList<>();
      List<Z3Encoding.GroundAtom> alike = new ArrayList<>();
      // the value of each atom that points toward the conclusion holding: its value in the
      // holding model where the models differ, the other value where they agree
      Map<Z3Encoding.GroundAtom, Boolean> valueWhereHolds = new LinkedHashMap<>();
      for (Z3Encoding.GroundAtom atom : t.encoding().groundAtoms(limits.maxGroundAtoms())) {
        Expr<?> h = holding.eval(atom.term(), true);
        Expr<?> f = failing.eval(atom.term(), true);
        if (h.isTrue() && f.isFalse() || h.isFalse() && f.isTrue()) {
          differing.add(atom);
          valueWhereHolds.put(atom, h.isTrue());
        } else if (atom.constants().stream().anyMatch(conclusionConstants::contains)
            && t.nearConclusion().contains(atom.predicate())
            && !t.premiseAtoms().contains(atom.written())) {
          // a fact stated outright is known; one the premises never connect to the conclusion
          // cannot decide it
          alike.add(atom);
          valueWhereHolds.put(atom, !h.isTrue());
        }
      }
      // Ask first about facts the premises talk about and the conclusion's individuals, not
      // about the conclusion itself: that is the missing piece a person can supply.
      Comparator<Z3Encoding.GroundAtom> relevance =
          Comparator.comparing((Z3Encoding.GroundAtom a) -> inConclusion.contains(a.written()))
              .thenComparing(
                  a ->
                      -(t.premiseAtoms().contains(a.written()) ? 1 : 0)
                          - (a.constants().stream().anyMatch(conclusionConstants::contains)
                              ? 1
                              : 0))
              .thenComparing(a -> a.constants().size());
      differing.sort(relevance);
      alike.sort(relevance);
      List<Z3Encoding.GroundAtom> candidates = new ArrayList<>(differing);
      candidates.addAll(alike);
      List<String> differences =
          differing.stream()
              .map(
                  a ->
                      a.written() + ": " + valueWhereHolds.get(a) + " where the conclusion holds, "
                          + !valueWhereHolds.get(a) + " where it fails")
              .toList();
      Z3Encoding.GroundAtom halfway = null;
      Set<Z3Encoding.GroundAtom> differs = new HashSet<>(differing);
      int probes = 0;
      int alikeProbes = 0;
      for (Z3Encoding.GroundAtom atom : candidates) {
        // the conclusion's own atoms settle it trivially; they are asked about only as a last resort
        if (inConclusion.contains(atom.written())) continue;
        boolean agreed = !differs.contains(atom);
        // atoms the two models agree on are tried only when no differing atom helped, and few:
        // each probe is a solver call on quantified premises
        if (agreed && (halfway != null || alikeProbes++ == ALIKE_PROBES)) break;
        if (probes++ == limits.maxClarifyProbes()) break;
        BoolExpr towardHolds = valueWhereHolds.get(atom) ? atom.term() : ctx.mkNot(atom.term());
        Status forward = run(fails, towardHolds);
        if (forward == Status.UNKNOWN) break;
        boolean settlesHolds = forward == Status.UNSATISFIABLE;
        if (agreed) {
          // the holding model already has the atom's other value, so it never settles the failing
          // side; and it may be forced by the premises, which would settle the holding side vacuously
          if (!settlesHolds) continue;
          Status possible = run(towardHolds);
          if (possible == Status.UNKNOWN) break;
          if (possible == Status.SATISFIABLE) halfway = atom;
          continue;
        }
        Status backward = run(holds, ctx.mkNot(towardHolds));
        if (backward == Status.UNKNOWN) break;
        boolean settlesFails = backward == Status.UNSATISFIABLE;
        if (settlesHolds && settlesFails) return question(atom, true, differences);
        if ((settlesHolds || settlesFails) && halfway == null) halfway = atom;
      }
      if (halfway != null) return question(halfway, false, differences);
      for (Z3Encoding.GroundAtom atom : differing) {
        if (inConclusion.contains(atom.written())) return question(atom, false, differences);
      }
      String what =
          t.problem().conclusionGloss().isEmpty()
              ? Node.show(t.conclusionNode())
              : t.problem().conclusionGloss().replaceAll("[.?!]+$", "");
      return new Clarification(
          "The premises do not settle whether " + what + ": it holds in some situations they"
              + " allow and fails in others — which is it?",
          "",
          false,
          differences);
    }


    private Clarification question(
        Z3Encoding.GroundAtom atom, boolean settles, List<String> differences) {
      return new Clarification(
          "It depends on whether " + words(atom) + " — which is it?",
          atom.written(),
          settles,
          differences);
    }

    private String words(Z3Encoding.GroundAtom atom) {
      for (LogicProblem.PredicateGloss g : t.problem().predicates()) {
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
      List<String> args = atom.constants().stream().map(Decision::display).toList();
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

    private Clarification clarifySmtLib(Model holding, Model failing) {
      List<String> differences = new ArrayList<>();
      String first = "";
      for (FuncDecl<?> d : holding.getConstDecls()) {
        String name = d.getName().toString();
        if (name.contains("#")) continue;
        Expr<?> h = holding.getConstInterp(d);
        Expr<?> f = failing.eval(ctx.mkConst(d), true);
        if (h != null && !h.equals(f)) {
          if (first.isEmpty()) first = name;
          differences.add(name + " = " + h + " where the conclusion holds, " + f + " where it fails");
        }
      }
      String question =
          first.isEmpty()
              ? "The premises do not settle the conclusion — what else is known?"
              : "It depends on the value of " + first + " — what is it?";
      return new Clarification(question, first, false, differences);
    }
  }
}

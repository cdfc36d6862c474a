package io.veritrace.verifiers.logic;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The solver calls of one check, sharing one solver and one deadline: whether the premises entail
 * or refute the conclusion, or are inconsistent, with the premises that show it (an unsatisfiable
 * core, minimised within a bound); the models where the conclusion holds and fails go to {@link
 * Clarifier} when they do not settle it.
 */
final class Decision {

  /** Premises that are unsatisfiable together; {@code minimal}: no one of them can be dropped. */
  private record Core(List<Premise> premises, boolean minimal) {}

  /** Solver calls one core minimisation may make; FOLIO's cores have fewer than 20 premises. */
  private static final int MINIMISING_CHECKS = 100;

  /** Z3's default eager threshold for quantifier instances, kept as the floor. */
  private static final double QI_THRESHOLD = 10;

  private final Context ctx;
  private final LogicLimits limits;
  private final Translation t;
  private final long deadline;
  private final List<Repair> repairs;
  private final Solver solver;
  private final Params params;
  private final BoolExpr[] tracks;
  private final BoolExpr holds;
  private final BoolExpr fails;
  private String unknown;

  Decision(Context ctx, Translation t, LogicLimits limits, long deadline, List<Repair> repairs) {
    this.ctx = ctx;
    this.limits = limits;
    this.solver = ctx.mkSolver();
    this.params = ctx.mkParams();
    this.t = t;
    this.deadline = deadline;
    this.repairs = repairs;
    params.add("max_memory", limits.maxMemoryMb());
    // Z3 delays, then drops, a quantifier instance whose cost (weight + generation: how many
    // instances led to it) passes 10, then 20: a chain of ∀x (Pi(x) → Pi+1(x)) longer than that
    // ended in "incomplete quantifiers" (50 premises) or a timeout (500). A chain through every
    // premise needs as many generations as there are premises, so the thresholds grow with them,
    // for this solver only; the deadline and the memory limit still bound a matching loop.
    double generations = QI_THRESHOLD + t.premiseTerms().length;
    params.add("smt.qi.eager_threshold", generations);
    params.add("smt.qi.lazy_threshold", 2 * generations);
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
      Clarification question = new Clarifier(ctx, t, limits, this).clarify(solver.getModel(), failing);
      return new LogicResult.Undetermined(question, repairs);
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

  /** Assumed for a check in which the conclusion holds. */
  BoolExpr holds() {
    return holds;
  }

  /** Assumed for a check in which the conclusion fails. */
  BoolExpr fails() {
    return fails;
  }

  /** Checks the premises with {@code extra} assumed, within what is left of the deadline. */
  Status run(BoolExpr... extra) {
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
}

package io.veritrace.reasoners.openai;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.ModelParameters;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Role;
import io.veritrace.core.TokenUsage;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import io.veritrace.verifiers.arithmetic.ArithmeticLimitException;
import io.veritrace.verifiers.arithmetic.ClaimedNumber;
import io.veritrace.verifiers.arithmetic.Expression;
import io.veritrace.verifiers.arithmetic.Rational;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A second, independent derivation of a word problem's answer: the model is asked, in a fresh
 * conversation that does not see the step-by-step solution, for one arithmetic expression that
 * computes the answer, and the exact evaluator solves it. Disagreement with the steps' answer is a
 * failure sent to the Corrector — the check that sees a wrong set-up whose every step is right.
 * One derivation per query, kept across its rounds; its tokens are charged to the verdict of the
 * first round that reads it, so the loop's usage counts the call exactly once.
 */
public final class CrossDerivation implements Verifier {

  public static final String NAME = "crossderivation";
  public static final String RULE_DISAGREE = "crossderivation.disagree";
  public static final String RULE_AGREE = "crossderivation.agree";
  public static final String RULE_UNREADABLE = "crossderivation.unreadable";
  public static final String RULE_UNAVAILABLE = "crossderivation.unavailable";

  public static final String PROMPT = """
      Translate the word problem into one arithmetic expression that computes its answer, using only \
      numbers the problem states (+ - * / and parentheses). Do not solve it step by step. Reply with one line:
      EXPRESSION: <the expression>""";

  private static final Pattern EXPRESSION = Pattern.compile("(?im)^\\s*EXPRESSION\\s*:\\s*(.+?)\\s*$");
  private static final int REMEMBERED = 10_000;

  private final ChatClient client;
  private final Duration timeout;
  /** The model's reply for one query, and whether a verdict has already carried its tokens. */
  private record Derivation(CompletableFuture<ChatClient.Completion> reply, AtomicBoolean charged) {}

  private final Map<String, Derivation> derivations = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Derivation> eldest) {
      return size() > REMEMBERED;
    }
  };

  public CrossDerivation(ChatClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    // word problems only: an answer computed in steps, with no sources and no logic
    if (proposal.stance() != Proposal.Stance.ANSWER || !proposal.carries(Claim.Arithmetic.class)
        || proposal.carries(Claim.Logic.class) || !query.sources().isEmpty()) {
      return List.of();
    }
    Derivation derivation = derivation(query);
    ChatClient.Completion completion;
    try {
      completion = derivation.reply().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      return List.of(Verdict.error(NAME, RULE_UNAVAILABLE, -1, "the independent derivation failed: " + cause.getMessage()));
    }
    TokenUsage usage = derivation.charged().compareAndSet(false, true)
        ? new TokenUsage(completion.promptTokens(), completion.completionTokens())
        : TokenUsage.NONE;
    return List.of(judge(proposal, completion.content()).withUsage(usage));
  }

  private static Verdict judge(Proposal proposal, String reply) {
    Matcher m = EXPRESSION.matcher(reply);
    if (!m.find()) {
      return new Verdict(NAME, RULE_UNREADABLE, Grade.WARN, -1, "the independent derivation gave no expression", "", "", null);
    }
    String expression = m.group(1).replace("×", "*").replace("÷", "/").replaceAll("[=?]+\\s*$", "").strip();
    Rational value;
    try {
      value = Expression.evaluate(expression);
    } catch (ArithmeticLimitException | IllegalArgumentException e) {
      return new Verdict(NAME, RULE_UNREADABLE, Grade.WARN, -1,
          "the independent derivation '" + expression + "' cannot be evaluated: " + e.getMessage(), "", "", null);
    }
    boolean agrees;
    try {
      agrees = ClaimedNumber.parse(proposal.answer()).matches(value);
    } catch (ArithmeticLimitException | IllegalArgumentException e) {
      agrees = false;
    }
    if (agrees) return Verdict.pass(NAME, RULE_AGREE, -1, "an independent derivation " + expression + " also gives " + value.toPlainString());
    return Verdict.fail(NAME, RULE_DISAGREE, -1,
        "the steps answer " + proposal.answer().strip() + ", but the problem set up independently as " + expression
            + " gives " + value.toPlainString() + "; check which quantities the question relates and how",
        expression + " = " + value.toPlainString(), "");
  }

  private Derivation derivation(Query query) {
    synchronized (derivations) {
      return derivations.computeIfAbsent(query.id(), id -> new Derivation(client.completion(
          List.of(new Turn(Role.SYSTEM, PROMPT), Turn.user(query.question())), null, ModelParameters.DEFAULT, timeout),
          new AtomicBoolean()));
    }
  }
}

package io.veritrace.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Objects;

/**
 * Something a reasoning step asserts that a deterministic checker can test. Values are kept as
 * the text the model wrote ({@code "$1,200.50"}, {@code "3/4"}); checkers parse them exactly.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Claim.Given.class, name = "given"),
  @JsonSubTypes.Type(value = Claim.Assumption.class, name = "assumption"),
  @JsonSubTypes.Type(value = Claim.Arithmetic.class, name = "arithmetic"),
  @JsonSubTypes.Type(value = Claim.Logic.class, name = "logic"),
  @JsonSubTypes.Type(value = Claim.FinalAnswer.class, name = "answer"),
  @JsonSubTypes.Type(value = Claim.Unread.class, name = "unread")
})
public sealed interface Claim extends CborSerializable {

  /**
   * A quantity the reasoner read from the question: {@code quote} is the question's words it
   * came from, {@code quantity} a name for what it counts.
   */
  record Given(String quantity, String value, String quote) implements Claim {
    public Given {
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(value, "value");
      quote = quote == null ? "" : quote;
    }
  }

  /**
   * A number the reasoner brings in from outside the question (world knowledge such as 7 days a
   * week, or an implied count), with its stated reason. Checkers accept declared constants and
   * report the rest as assumptions.
   */
  record Assumption(String value, String reason) implements Claim {
    public Assumption {
      Objects.requireNonNull(value, "value");
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * {@code expression = result}, as the step wrote it. {@code unknowns} gives the value the trace
   * states for each unknown the equation names ({@code 6p + 30 = 312} with {@code p = 47}); empty
   * for plain arithmetic. The result may itself be an expression (a link of a chain).
   */
  record Arithmetic(String expression, String result, java.util.Map<String, String> unknowns) implements Claim {
    public Arithmetic {
      Objects.requireNonNull(expression, "expression");
      Objects.requireNonNull(result, "result");
      unknowns = unknowns == null ? java.util.Map.of() : java.util.Map.copyOf(unknowns);
    }

    public Arithmetic(String expression, String result) {
      this(expression, result, java.util.Map.of());
    }
  }

  /**
   * A logic translation: premises and a conclusion as formulas (glosses optional, same order),
   * and the label the reasoner claims: {@code True}, {@code False} or {@code Uncertain}.
   */
  record Logic(List<String> premises, List<String> glosses, String conclusion, String label)
      implements Claim {
    public Logic {
      premises = List.copyOf(premises);
      glosses = glosses == null ? List.of() : List.copyOf(glosses);
      Objects.requireNonNull(conclusion, "conclusion");
      label = label == null ? "" : label;
    }
  }

  /** The final answer as the reasoning stated it. */
  record FinalAnswer(String value) implements Claim {
    public FinalAnswer {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Something that looks like a checkable statement (an equation, a formula) which the step
   * reader could not read. Reported with its text, never silently dropped: no checker can cover
   * it, so the answer that carries it cannot be VERIFIED.
   */
  record Unread(String text, String reason) implements Claim {
    public Unread {
      Objects.requireNonNull(text, "text");
      reason = reason == null ? "" : reason;
    }
  }
}

package io.veritrace.verifiers;

/** The names of every rule the standard checkers apply; stable for reports and datasets. */
public final class Rules {
  private Rules() {}

  public static final String ARITHMETIC_RESULT = "arithmetic.result";
  public static final String ARITHMETIC_ROUNDED = "arithmetic.rounded";
  public static final String ARITHMETIC_PARSE = "arithmetic.parse";
  public static final String ARITHMETIC_BOUNDS = "arithmetic.bounds";
  public static final String ARITHMETIC_UNREAD = "arithmetic.unread";
  public static final String BINDING_ANSWER = "binding.answer";
  public static final String BINDING_MISSING = "binding.missing";
  public static final String PROVENANCE_UNGROUNDED = "provenance.ungrounded";
  public static final String PROVENANCE_PROSE = "provenance.prose";
  public static final String QUANTITY_FRACTIONAL_COUNT = "quantity.fractional-count";
  public static final String CONSISTENCY_QUOTE = "consistency.quote";
  public static final String CONSISTENCY_CONFLICT = "consistency.conflict";
  public static final String CONSISTENCY_ESTABLISHED = "consistency.established";
  public static final String CONSISTENCY_UNCOVERED = "consistency.uncovered";
  public static final String ABSTENTION_UNSUPPORTED = "abstention.unsupported";
  public static final String ABSTENTION_ASKED = "abstention.asked";

  public static final String LOGIC_ENTAILED = "logic.entailed";
  public static final String LOGIC_REFUTED = "logic.refuted";
  public static final String LOGIC_LABEL = "logic.label";
  public static final String LOGIC_UNDETERMINED = "logic.undetermined";
  public static final String LOGIC_INCONSISTENT = "logic.inconsistent";
  public static final String LOGIC_PARSE = "logic.parse";
  public static final String LOGIC_REPAIR = "logic.repair";
  public static final String LOGIC_UNKNOWN = "logic.unknown";
  public static final String LOGIC_TRANSLATION = "logic.translation";
}

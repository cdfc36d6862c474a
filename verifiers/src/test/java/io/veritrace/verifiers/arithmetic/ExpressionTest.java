package io.veritrace.verifiers.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExpressionTest {

  private static String eval(String s) {
    return Expression.evaluate(s).toPlainString();
  }

  @Test
  void evaluatesModelArithmeticExactly() {
    assertEquals("9", eval("16 - 3 - 4"));
    assertEquals("14", eval("2 + 3 * 4"));
    assertEquals("20", eval("(2 + 3) * 4"));
    assertEquals("1/3", eval("1/3"));
    assertEquals("0.3", eval("0.1 + 0.2"));
    assertEquals("1200.5", eval("$1,200.50"));
    assertEquals("10", eval("20% of 50"));
    assertEquals("-7", eval("−7"));
    assertEquals("12", eval("3 x 4"));
    assertEquals("12", eval("3 × 4"));
    assertEquals("2", eval("8 ÷ 4"));
    assertEquals("1024", eval("2^10"));
    assertEquals("12", eval("8 x 1 1/2"));
    assertEquals("12", eval("3 / 1/4"));
    assertEquals("2.5", eval("10/2^2"));
    assertEquals("5", eval("60/3/4"));
    assertEquals("6", eval("12*.5"));
  }

  @Test
  void hostileInputFailsFastWithAReason() {
    long t0 = System.nanoTime();
    ArithmeticLimitException tower = assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("9^9^9^9"));
    assertTrue(tower.getMessage().contains("exponent") || tower.getMessage().contains("power"), tower.getMessage());
    ArithmeticLimitException digits = assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("1".repeat(10_000)));
    assertTrue(digits.getMessage().contains("too long") || digits.getMessage().contains("digits"), digits.getMessage());
    ArithmeticLimitException deep = assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("(".repeat(500) + "1" + ")".repeat(500)));
    assertTrue(deep.getMessage().contains("nesting"), deep.getMessage());
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("-".repeat(1500) + "1"));
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("1/0"));
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("2^0.5"));
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("99999999^99999"));
    // generous bound for a loaded CI machine; the point is no exponential blow-up
    assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
  }

  @Test
  void malformedExpressionsSayWhere() {
    ArithmeticLimitException e = assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("3 + * 4"));
    assertTrue(e.getMessage().contains("position"), e.getMessage());
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("(3 + 4"));
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate(""));
    assertThrows(ArithmeticLimitException.class, () -> Expression.evaluate("apples"));
  }

  @Test
  void claimedNumbersMatchAtTheirWrittenPrecision() {
    Rational third = Expression.evaluate("10/3");
    assertTrue(ClaimedNumber.parse("3.33").matches(third));
    assertTrue(ClaimedNumber.parse("3.333").matches(third));
    assertTrue(!ClaimedNumber.parse("3.4").matches(Expression.evaluate("3.33")));
    assertTrue(!ClaimedNumber.parse("3").matches(third));
    assertTrue(ClaimedNumber.parse("33.333%").matches(Expression.evaluate("1/3")));
  }
}

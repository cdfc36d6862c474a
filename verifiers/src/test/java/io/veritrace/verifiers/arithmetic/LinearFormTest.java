package io.veritrace.verifiers.arithmetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinearFormTest {

  private static final Set<String> X = Set.of("x");

  private static LinearForm form(long coefficient, long constant) {
    return new LinearForm(Map.of("x", Rational.of(coefficient)), Rational.of(constant));
  }

  @Test
  void likeTermsAreCollectedExactly() {
    assertEquals(form(11, 15), LinearForm.read("x + 3+2*x + 12+8*x", X));
    assertEquals(form(11, 15), LinearForm.read("11x+15", X));
    assertEquals(form(8, 12), LinearForm.read("4(3+2x)", X));
    assertEquals(form(-1, 110), LinearForm.read("100-x + 40-30", X));
    assertEquals(LinearForm.read("9/20*x - 14", X), LinearForm.read("x - 1/4*x - 10 - 2/5*x + 1/10*x + 4 - 8", X));
    assertEquals(LinearForm.read("(3/2)*x - 5", X), LinearForm.read("x + ((1/2)*x - 5)", X));
    assertEquals(form(40, 0), LinearForm.read("$10(2x) + $20x", X));
    assertEquals(form(0, 1200), LinearForm.read("1,200", X));
    assertEquals(form(3, 0), LinearForm.read("300% * x", X));
    assertEquals(form(2, 0), LinearForm.read("[x + {x}]", X));
  }

  @Test
  void aDifferentCoefficientIsADifferentForm() {
    assertNotEquals(LinearForm.read("11x+15", X), LinearForm.read("11x+16", X));
    assertNotEquals(LinearForm.read("11x+15", X), LinearForm.read("12x+15", X));
    assertFalse(LinearForm.read("26", X).hasUnknown());
    assertTrue(LinearForm.read("0*5 + x", X).hasUnknown());
    assertFalse(LinearForm.read("x - x", X).hasUnknown());
    assertEquals("11x - 286", LinearForm.read("11x - 286", X).toString());
    assertEquals("-x + 0.5", LinearForm.read("1/2 - x", X).toString());
  }

  @Test
  void whatIsNotLinearInTheNamedUnknownsIsNotRead() {
    assertNull(LinearForm.read("x * x", X));
    assertNull(LinearForm.read("3 / x", X));
    assertNull(LinearForm.read("2^x", X));
    assertNull(LinearForm.read("3 / (x - x)", X));
    assertNull(LinearForm.read("3y + 1", X));
    assertNull(LinearForm.read("box + 1", X));
    assertNull(LinearForm.read("1 1/4 + x", X));
    assertNull(LinearForm.read("(x + 1", X));
    assertNull(LinearForm.read("", X));
    assertNull(LinearForm.read("(".repeat(500) + "x" + ")".repeat(500), X));
    assertNull(LinearForm.read("1".repeat(Expression.MAX_LENGTH + 1), X));
    assertNull(LinearForm.read("9".repeat(300) + "x", X));
  }
}

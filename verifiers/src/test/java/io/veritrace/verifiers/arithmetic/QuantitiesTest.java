package io.veritrace.verifiers.arithmetic;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

  private static boolean implied(String text, String value) {
    return Quantities.impliedIn(text).contains(Rational.of(new BigDecimal(value)));
  }

  @Test
  void whatATextImpliesByHowItWritesAQuantity() {
    assertTrue(implied("He buys a gallon of milk.", "128"));
    assertTrue(implied("He buys a gallon of milk.", "16"));
    assertTrue(implied("A 1.5-quart bottle.", "32"));
    assertTrue(implied("Three tons of foam.", "2000"));
    assertTrue(implied("He eats one and a half omelets.", "1.5"));
    assertTrue(implied("She sleeps for 4 and a half hours.", "4.5"));
    assertTrue(implied("The race took four and half hours.", "4.5"));
    assertTrue(implied("It takes an hour and a half.", "1.5"));
    assertTrue(implied("Two movies each an hour and 45 minutes long.", "1.75"));
    assertTrue(implied("Two movies each an hour and 45 minutes long.", "105"));
    assertTrue(implied("The flight takes 11 hours 20 minutes.", "680"));
    assertTrue(implied("He ran for 15 minutes.", "0.25"));
    assertTrue(implied("Use 1 1/4 cup flour.", "1.25"));
    assertTrue(implied("She paid three-quarters of it.", "0.75"));
    assertTrue(Quantities.impliedIn("Two thirds of them left.").contains(Rational.of(2).divide(Rational.of(3))));
    assertTrue(implied("For her thirteenth birthday.", "13"));
    assertTrue(implied("A 5 oranges for $1.50; how many cents?", "150"));
    assertTrue(implied("10 apples for $2, and more; how many cents?", "200"));
    assertTrue(implied("From 3:30 p.m. to 5:00 p.m.", "1.5"));
    assertTrue(implied("From 3:30 p.m. to 5:00 p.m.", "90"));
    assertTrue(implied("He arrived by 8:00 PM.", "20"));
    assertTrue(implied("The train leaves at 17:45 and arrives at 19:15.", "1.5"));
    assertTrue(implied("He has 120 pennies.", "1.2"));
    // GSM8K train 3946, 3074, 1871, 3099
    assertTrue(implied("Nelly wants to buy pizza for herself and her 14 friends.", "15"));
    assertTrue(implied("She had to split the charges equally across 4 credit cards.", "0.25"));
    assertTrue(implied("In a triangle with angles A, B, and C, A is 60 degrees.", "180"));
    assertTrue(implied("The ages of three brothers are consecutive integers.", "2"));
    // GSM8K train 3575: 1/4 beside 40% is 25 %
    assertTrue(implied("She wants 1/4 of her cookies to have nuts in them, 40% to have chocolate chips in them.", "25"));
  }

  @Test
  void andNothingBeyondIt() {
    // a number word with a hyphen is one number: no 1200 minutes in "twenty-five minutes"
    assertFalse(implied("It takes twenty-five minutes.", "1200"));
    // dollars are counted in cents only where the text counts in cents
    assertFalse(implied("It costs $1.08.", "108"));
    // "1 3/2" is no mixed number, "1/2 4/5" no whole part
    assertFalse(implied("Use 1 3/2 cups.", "2.5"));
    assertFalse(implied("The ratio 1/2 4/5 holds.", "2.8"));
    // a unit inside a longer word is no unit: cupcakes hold no 8 ounces, Washington no ton
    assertFalse(implied("She baked cupcakes in Washington.", "8"));
    assertFalse(implied("She baked cupcakes in Washington.", "2000"));
    // 12:00 a.m. is midnight, a ratio 3:2 or 25:61 is no time, and no time is before itself
    assertFalse(implied("The ratio is 3:2 and 25:61.", "3"));
    assertFalse(implied("From 9:00 a.m. to 9:00 a.m.", "0"));
    assertTrue(implied("From 12:00 a.m. to 2:00 a.m.", "2"));
    // her 14 friends without her are 14, and 4 cards nobody splits anything across make no quarter
    assertFalse(implied("Nelly wants to buy pizza for her 14 friends.", "15"));
    assertFalse(implied("She paid with 4 credit cards.", "0.25"));
    assertFalse(implied("The ages of three brothers add up to 96.", "2"));
    assertFalse(implied("She wants 1/4 of her cookies to have nuts in them.", "25"));
    // and what is implied is kept apart from what is stated
    assertFalse(Quantities.statedIn("He buys a gallon of milk.").contains(Rational.of(128)));
  }
}

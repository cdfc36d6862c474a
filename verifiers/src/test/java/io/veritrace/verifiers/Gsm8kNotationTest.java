package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Claim;
import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.verifiers.arithmetic.Quantities;
import io.veritrace.verifiers.arithmetic.Rational;
import io.veritrace.verifiers.steps.MathText;
import io.veritrace.verifiers.steps.StepParser;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How GSM8K's right solutions write what the text licenses, each read as such, and the same
 * text with the number changed or from nowhere still refused: hyphenated words, percentages,
 * number words, coins, unit conversions, a per-unit after LaTeX.
 */
class Gsm8kNotationTest {

  private final CheckSuite suite = CheckSuite.standard();

  private Outcome outcome(String question, String solution) {
    return SolutionAudit.of(suite, "q", question, solution).outcome();
  }

  /** The right solution verifies; its wrong twin (a number changed) does not. */
  private void readWithWrongTwin(String question, String right, String wrong) {
    assertEquals(Outcome.VERIFIED, outcome(question, right));
    assertNotEquals(Outcome.VERIFIED, outcome(question, wrong));
  }

  private static boolean stated(String text, String value) {
    Set<Rational> s = Quantities.statedIn(text);
    return s.contains(Rational.of(new BigDecimal(value)));
  }

  @Test
  void aHyphenJoiningWordsIsNotAMinus() {
    String q = "Jerry does 44 push-ups on Monday and half as many on Tuesday. How many on Tuesday?";
    readWithWrongTwin(q, "On Tuesday he can do 44 / 2 = 22 push-ups.\nThe answer is 22.", "On Tuesday he can do 44 / 2 = 23 push-ups.\nThe answer is 23.");
    String shirts = "Martha buys 9 shirts and gets 1 free T-shirt for every 3. How many does she get?";
    assertEquals(Outcome.VERIFIED, outcome(shirts, "Martha gets 9 / 3 = 3 T-shirts free.\nShe gets 9 + 3 = 12 T-shirts.\nThe answer is 12."));
    // between numbers a hyphen is a minus
    assertNotEquals(Outcome.VERIFIED, outcome("What is 9 minus 2?", "9-2 = 6\nThe answer is 6."));
  }

  @Test
  void aPercentResultNamesItsUnitOnlyAfterAnExplicitConversionOrAPercentagePointSum() {
    String q = "Of 3500 voters, 1260 voted yes. What percent voted yes?";
    readWithWrongTwin(q, "1260 / 3500 * 100 = 36%\nThe answer is 36.", "1260 / 3500 * 100 = 37%\nThe answer is 37.");
    String germs = "A spray kills 50% of germs. What percent are left?";
    assertEquals(Outcome.VERIFIED, outcome(germs, "There will be 100 - 50 = 50% left.\nThe answer is 50."));
    // no conversion: 5 * 10 is 50, not 50 %
    SolutionAudit a = SolutionAudit.of(suite, "q", "He has 5 boxes of 10.", "5 * 10 = 50%\nThe answer is 50.");
    assertTrue(a.failures().stream().anyMatch(v -> v.rule().equals(Rules.ARITHMETIC_RESULT)), a.verdicts().toString());
  }

  @Test
  void numberWordsCoinsAndMeasuresAreStatedByTheText() {
    assertTrue(stated("It costs twenty-five cents.", "25"));
    assertTrue(stated("It costs twenty-five cents.", "0.25"));
    assertTrue(stated("Nine hundred tickets were sold.", "900"));
    assertTrue(stated("It made $120 million.", "120000000"));
    assertTrue(stated("He grows it by twenty percent.", "0.2"));
    assertTrue(stated("He grows it by twenty percent.", "1.2"));
    assertTrue(stated("She has 6 nickels and 2 quarters worth some dollars.", "0.05"));
    assertTrue(stated("She has 6 nickels and 2 quarters worth some dollars.", "25"));
    assertTrue(stated("She reads it in two weeks.", "14"));
    assertTrue(stated("The trip takes 3 hours.", "180"));
    // a quarter of a pie is a fourth, not 25 cents; "two-thirds" is no number 32
    assertFalse(stated("She ate a quarter of the pie.", "25"));
    assertFalse(stated("Two-thirds of them left.", "32"));
    assertFalse(stated("She reads it in two weeks.", "15"));
  }

  @Test
  void aPercentageTheStepsWriteMayBeUsedAsItsFraction() {
    String q = "Bronson collects 12 leaves on Thursday and 13 on Friday. 20% are brown and 20% are green. The rest are yellow. "
        + "How many are yellow?";
    String right = "He collects 12 + 13 = 25 leaves.\n60% of them are yellow because 100 - 20 - 20 = 60\n"
        + "He collects 25 * .6 = 15 yellow leaves.\nThe answer is 15.";
    assertEquals(Outcome.VERIFIED, outcome(q, right));
    // 0.7 is no percentage the text or the steps write
    String invented = "He collects 12 + 13 = 25 leaves.\nHe collects 25 * .7 = 17.5 yellow leaves.\nThe answer is 17.5.";
    SolutionAudit a = SolutionAudit.of(suite, "q", q, invented);
    assertNotEquals(Outcome.VERIFIED, a.outcome());
    assertTrue(a.warnings().stream().anyMatch(v -> v.rule().equals(Rules.PROVENANCE_UNGROUNDED) && v.grade() == Grade.WARN), a.verdicts().toString());
  }

  @Test
  void aSumOfTwoKnownNumbersTheSolutionWritesDownIsGrounded() {
    String q = "Jill skips 60 times a minute and Jack skips 90 times a minute. How many skips do they make together in 10 minutes?";
    assertEquals(Outcome.VERIFIED, outcome(q, "Together they skip 150 times a minute.\n150 * 10 = 1500\nThe answer is 1500."));
    // written only inside the computation, it is not stated: 150 may be a slip as well as a sum
    SolutionAudit unstated = SolutionAudit.of(suite, "q", q, "150 * 10 = 1500\nThe answer is 1500.");
    assertEquals(Outcome.CLARIFY, unstated.outcome(), unstated.verdicts().toString());
    // 160 is no single sum, difference, product or ratio of 60, 90 and 10
    SolutionAudit nowhere = SolutionAudit.of(suite, "q", q, "Together they skip 160 times a minute.\n160 * 10 = 1600\nThe answer is 1600.");
    assertNotEquals(Outcome.VERIFIED, nowhere.outcome());
    assertTrue(nowhere.warnings().stream().anyMatch(v -> v.rule().equals(Rules.PROVENANCE_UNGROUNDED)), nowhere.verdicts().toString());
    // one operand may be a result: 150 is Roberto's computed 70 plus Valerie's stated 80
    String q3 = "Roberto can skip 4,200 times an hour. Valerie can skip 80 times a minute. How many skips will they total in fifteen minutes?";
    String right = "Roberto skips 70 times per minute because 4200 / 60 = 70.\nTogether they skip 150 times a minute.\n"
        + "They will skip 2,250 times because 150 * 15 = 2250\nThe answer is 2,250.";
    assertEquals(Outcome.VERIFIED, outcome(q3, right));
    assertEquals(Outcome.CLARIFY, outcome(q3, right.replace("150", "160").replace("2,250", "2,400").replace("2250", "2400")));
    // a result written as its own operand (21 * 1 = 21) does not state 21, though 21 is 17 + 4
    String q2 = "Andy stencils 17 racquets, 4 of them twice, and earns $1 a stencil. How much does he earn?";
    SolutionAudit same = SolutionAudit.of(suite, "q", q2, "He earns 21 * 1 = 21 for stenciling.\nThe answer is 21.");
    assertEquals(Outcome.CLARIFY, same.outcome(), same.verdicts().toString());
  }

  @Test
  void anAnswerSentenceWithItsComputationIsCheckedAndBindsTheResult() {
    String q = "Haley makes 15 gallons of cider. A gallon is 8 pints. How many pints does she make?";
    assertEquals(Outcome.VERIFIED, outcome(q, "Since there are 8 pints in a gallon, the final answer is 15 * 8 = 120 pints\nThe answer is 120."));
    SolutionAudit wrong = SolutionAudit.of(suite, "q", q, "Since there are 8 pints in a gallon, the final answer is 15 * 8 = 121 pints\nThe answer is 121.");
    assertTrue(wrong.failures().stream().anyMatch(v -> v.rule().equals(Rules.ARITHMETIC_RESULT)), wrong.verdicts().toString());
  }

  @Test
  void aMeasureConvertedFromItselfIsALabelNotAClaim() {
    String q = "Grooming a dog takes 2.5 hours and a cat 0.5 hours. How many minutes does grooming 5 dogs and 3 cats take?";
    String right = "2.5 * 5 = 12.5 hours\n3 * 0.5 = 1.5 hours\n12.5 + 1.5 = 14 hours\n14 hours = 14 * 60 = 840 minutes\nThe answer is 840.";
    assertEquals(Outcome.VERIFIED, outcome(q, right));
    // converted from another number, the first link is a claim and fails
    SolutionAudit other = SolutionAudit.of(suite, "q", q, right.replace("14 * 60 = 840", "15 * 60 = 900").replace("is 840", "is 900"));
    assertTrue(other.failures().stream().anyMatch(v -> v.rule().equals(Rules.ARITHMETIC_RESULT)), other.verdicts().toString());
  }

  @Test
  void aPerUnitAfterLatexStaysAttached() {
    String q = "The bill of $780 is paid over 12 months. What is the monthly payment?";
    readWithWrongTwin(q, "The monthly payment is \\(780 \\div 12 = 65\\)/month.\nThe final answer is $\\boxed{65}$.", "The monthly payment is \\(780 \\div 12 = 66\\)/month.\nThe final answer is $\\boxed{66}$.");
  }

  @Test
  void onlyASlipOfTheSameOrderOfMagnitudeIsRepaired() {
    assertTrue(RepairingCorrector.plausibleSlip("18", Rational.of(15)));
    assertTrue(RepairingCorrector.plausibleSlip("2", Rational.of(11)));
    assertTrue(RepairingCorrector.plausibleSlip("150", Rational.of(1000)));
    assertFalse(RepairingCorrector.plausibleSlip("1890", Rational.of(1_786_050)));
    assertFalse(RepairingCorrector.plausibleSlip("-5", Rational.of(50)));
  }

  /**
   * GSM8K 6843 writes "500/ 2/5 = 200" for 500 * 2/5. Recomputed to 1250, it carried into a
   * VERIFIED "-800 seats available" in the loop; a result another operator gives is left to the reasoner.
   */
  @Test
  void aResultAnotherOperatorGivesIsNotRecomputed() {
    assertTrue(RepairingCorrector.anotherOperatorGives("500/ 2/5", "200"));
    assertFalse(RepairingCorrector.anotherOperatorGives("500/ 2/5", "1251"));
    assertFalse(RepairingCorrector.anotherOperatorGives("-3 + 4", "7"));
    // two numbers, or '+' for '-': a changed result coincides with those too often
    assertFalse(RepairingCorrector.anotherOperatorGives("6/2", "12"));
    assertFalse(RepairingCorrector.anotherOperatorGives("8+8+2+4+2", "20"));
    io.veritrace.core.Query q = io.veritrace.core.Query.of("q", "An auditorium holds 500 people; two-fifths of the seats are taken and 1/10 are broken. How many are available?");
    String seats = "500/ 2/5 = 200 seats are already taken.\n500 / 10 = 50 seats are broken.\n200 + 50 = 250 seats are taken or broken.\n"
        + "500 - 250 = 250 seats are still available.\nThe answer is 250.";
    assertEquals(null, RepairingCorrector.repair(q, StepParser.parse(seats, "t")));
    // a slip no other operator explains is still recomputed
    assertEquals("251", RepairingCorrector.repair(q, StepParser.parse("500 - 249 = 250 seats are available.\nThe answer is 250.", "t")).answer().strip());
  }

  @Test
  void aSquareRootSignIsRead() {
    String q = "A quilt is 6 feet by 24 feet. A square quilt has the same area. How long is its side?";
    assertEquals(Outcome.VERIFIED, outcome(q, "The quilt is 6 x 24 = 144 square feet.\nA side is √(144) = 12 feet.\nThe answer is 12."));
    readWithWrongTwin(q, "The quilt is 6 x 24 = 144 square feet.\nA side is √144=12 feet.\nThe answer is 12.", "The quilt is 6 x 24 = 144 square feet.\nA side is √(144) = 13 feet.\nThe answer is 13.");
  }

  @Test
  void aCountGluedToItsComputationByAColonIsALabelAndAClockTimeIsNot() {
    String q = "Jen reads 50 pages on day 1 and twice as many on day 2. How many pages on day 2?";
    assertEquals(Outcome.VERIFIED, outcome(q, "Day 2:50(2)=100 pages\nThe answer is 100."));
    readWithWrongTwin(q, "2:50*2=100\nThe answer is 100.".replace("2:50*2", "2:2(50)"), "Day 2:50(2)=110 pages\nThe answer is 110.");
    // "7:50" is a clock time: not read as a label and 50 (a time plus minutes is not read at all)
    SolutionAudit clock = SolutionAudit.of(suite, "q", "She leaves at 7:50 and walks 30 minutes. When does she arrive?", "She arrives at 7:50 + 30 = 8:20\nThe answer is 8:20.");
    assertTrue(clock.warnings().stream().anyMatch(v -> v.rule().equals(Rules.ARITHMETIC_UNREAD)), clock.verdicts().toString());
  }

  @Test
  void aCapitalAOrAnImplicationArrowIsAlgebraNotAnAnswerOrAnEquality() {
    String q = "There are some apples, 2 more pears than apples, and 3 more bananas than pears: 19 fruits. How many bananas?";
    String right = "Let A be the number of apples.\nA+(A+2)+((A+2)+3)=19\n3A+7=19\nA = 4\nThere are 4 + 2 + 3 = 9 bananas.\nThe answer is 9.";
    readWithWrongTwin(q, right, right.replace("3A+7=19", "3A+7=18"));
    String sours = "There are 72 sours, which become 75% of the total after orange sours are added. How many sours in total?";
    String arrow = "x - 0.25*x = 72 sours => 0.75*x = 72 sours => x = 72 / 0.75 = 96 sours total.\nThe answer is 96.";
    readWithWrongTwin(sours, arrow, arrow.replace("96", "97"));
    // an arrow to a lone result states it
    assertNotEquals(Outcome.VERIFIED, outcome(sours, "72 / 0.75 => 97\nThe answer is 97."));
  }

  @Test
  void unitsBeforeEqualsAndBeforeADivisionStayWithTheirNumber() {
    String q = "44 girls and 56 boys are split evenly into 4 classrooms. How many students per classroom?";
    String words = "Each classroom has 56 divided by 4 equals 14 boys.\nEach has 44 divided by 4 equals 11 girls.\n"
        + "Each classroom will have 14 boys plus 11 girls equals 25 total students.\nThe answer is 25.";
    readWithWrongTwin(q, words, words.replace("25", "26"));
    String speed = "He must cover 8 km in 4 hours. How fast must he go, in km per hour?";
    readWithWrongTwin(speed, "He travels at 8km/4hrs = 2km/hr.\nThe answer is 2.", "He travels at 8km/4hrs = 3km/hr.\nThe answer is 3.");
    // in a divisor, "5 minutes/100 meters" is a rate: not read as 5 / 100
    SolutionAudit rate = SolutionAudit.of(suite, "q", "He swims 100 meters in 5 minutes for 150 minutes. How many hundreds of meters?",
        "150 minutes / 5 minutes/100 meters = 0.3\nThe answer is 0.3.");
    assertNotEquals(Outcome.VERIFIED, rate.outcome());
  }

  @Test
  void xIsATimesSignBetweenQuantitiesAndAnUnknownWhereTheLineUsesItSo() {
    String bowl = "The three bowlers scored 810 points. Bowler 2 scored 3 times bowler 3, bowler 1 a third of bowler 2. What did bowler 3 score?";
    String right = "Let x be the score of the third bowler.\nBowler 1:3x(1/3)=x\nx+3x+x=810\n5x=810\nx=162 points\nThe answer is 162.";
    readWithWrongTwin(bowl, right, right.replace("3x(1/3)=x", "3x(1/2)=x"));
    // "275 x =": a number times the unknown, not a times sign
    String fuel = "A car uses 33 liters for 275 km. How many liters per 100 km?";
    String cross = "Let x be the liters per 100 km: 33/275 = x/100\nThe cross product gives: 275 x = 33 * 100\nSo x = 3300 / 275 = 12 liters per 100 km.\nThe answer is 12.";
    readWithWrongTwin(fuel, cross, cross.replace("275 x = 33 * 100", "275 x = 33 * 101"));
    String mow = "Jerry mows 8 acres, three quarters of them with a riding mower. How many acres with the riding mower?";
    readWithWrongTwin(mow, "Jerry mows 8 acres x (3/4) = 6 acres with a riding mower.\nThe answer is 6.", "Jerry mows 8 acres x (3/4) = 7 acres with a riding mower.\nThe answer is 7.");
  }

  @Test
  void aPerUnitOrANameAfterAResultIsNotPartOfTheComputation() {
    String q = "Martha has 180 flowers for 6 centerpieces. How many flowers per centerpiece?";
    readWithWrongTwin(q, "Each centerpiece has 180 / 6 = 30 flowers / centerpiece\nThe answer is 30.", "Each centerpiece has 180 / 6 = 31 flowers / centerpiece\nThe answer is 31.");
    // a slash then a number still divides
    assertNotEquals(Outcome.VERIFIED, outcome(q, "Each centerpiece has 180 / 6 = 30 flowers / 2\nThe answer is 30."));
    String run = "They ran 2400 meters in 12 minutes. How many meters per minute?";
    readWithWrongTwin(run, "They ran 2400 m / 12 min = 200 m/min\nThe answer is 200.", "They ran 2400 m / 12 min = 210 m/min\nThe answer is 210.");
    // a unit symbol apart from its number is not an unknown to solve for (m = 1.05 made any result hold)
    readWithWrongTwin(run, "They ran 2400 m / 12 = 200 meters\nThe answer is 200.", "They ran 2400 m / 12 = 210 meters\nThe answer is 210.");
    String miles = "Three runners ran 195 miles, 51 of them on the track. How many miles off the track?";
    readWithWrongTwin(miles, "195 - 51 = 144 = miles off the track\nThe answer is 144.", "195 - 51 = 154 = miles off the track\nThe answer is 154.");
    String rope = "Josh cuts 100 feet of rope in half. How long is each piece?";
    readWithWrongTwin(rope, "He has 100 / 2 = 50-foot sections of rope.\nThe answer is 50.", "He has 100 / 2 = 40-foot sections of rope.\nThe answer is 40.");
  }

  @Test
  void theTimeBetweenTwoClockTimesIsChecked() {
    String q = "Mckenna works from 8:00 to 11:00, then in a meeting until 13:00. How many hours does she work?";
    String right = "She spends 11:00-8:00 = 3 hours at work\nThen 13:00-11:00 = 2 hours.\nShe works 3 + 2 = 5 hours.\nThe answer is 5.";
    readWithWrongTwin(q, right, right.replace("= 3 hours", "= 4 hours").replace("3 + 2 = 5", "4 + 2 = 6").replace("is 5", "is 6"));
    String andy = "Andy leaves at 7:15 AM and school starts at 8:00 AM. How many minutes does he have?";
    readWithWrongTwin(andy, "He has 8:00 AM - 7:15 AM = 45 minutes\nThe answer is 45.", "He has 8:00 AM - 7:15 AM = 55 minutes\nThe answer is 55.");
    // past noon ("1:00 - 10:00") the clock wraps: left as written, so not verified
    assertNotEquals(Outcome.VERIFIED, outcome("It opens at 10:00 and closes at 1:00. How many hours?", "It is open 1:00 - 10:00 = 3 hours\nThe answer is 3."));
  }

  @Test
  void anAnswerRestatesAResultWrittenAsAPercentage() {
    String q = "There are 5 green, 3 blue and 4 red candies. How likely is it to pick a blue one?";
    String right = "There are 5 + 3 + 4 = 12 candies.\nThe probability is (3/12) * 100% = 25%.\nThe answer is 25.";
    readWithWrongTwin(q, right, right.replace("is 25.", "is 26."));
    // written as a fraction, 0.25 is not 25 when the question does not ask for a percentage
    assertNotEquals(Outcome.VERIFIED, outcome(q, "There are 5 + 3 + 4 = 12 candies.\nThe probability is 3/12 = 0.25.\nThe answer is 25."));
  }

  @Test
  void aCapitalWithAnIndexNamesAQuantity() {
    String q = "District 1 has 322 voters, district 3 twice as many, district 2 19 fewer than district 3. How many voters in all three?";
    String right = "D1 = 322\nD3 = 2 * 322 = 644\nD2 = 644 - 19 = 625\n322 + 625 + 644 = 1591\nThe answer is 1591.";
    readWithWrongTwin(q, right, right.replace("= 625", "= 626").replace("322 + 625", "322 + 626").replace("1591", "1592"));
  }

  @Test
  void aUnitOfThreeWordsStaysWithItsNumber() {
    String q = "A dog collar takes 18 inches of nylon. How many inches do 9 dog collars take?";
    readWithWrongTwin(q, "They take 18 inches/dog collar * 9 dog collars = 162 inches\nThe answer is 162.", "They take 18 inches/dog collar * 9 dog collars = 172 inches\nThe answer is 172.");
  }

  @Test
  void aResultRunOnIntoTheNextComputationIsTwoClaims() {
    String q = "Lara takes 7 minutes and 23 seconds. How many seconds is that?";
    String right = "7 minutes x 60 seconds per minute = 420 seconds + 23 seconds = 443 seconds.\nThe answer is 443.";
    readWithWrongTwin(q, right, right.replace("443", "453"));
    assertNotEquals(Outcome.VERIFIED, outcome(q, right.replace("= 420", "= 430").replace("443", "453")));
    // run on with nothing after it, the chain claims 7 * 60 = 420 + 23 and fails
    assertNotEquals(Outcome.VERIFIED, outcome(q, "7 x 60 = 420 + 23\nThe answer is 420."));
  }

  /**
   * GSM8K 1254: a sum broken by words is not read from its tail. Read as "29 + 24 = 83" it failed,
   * and in the loop the Corrector repaired it to 53 and carried 53 into a VERIFIED answer.
   */
  @Test
  void aSumBrokenByWordsIsUnreadNotItsTail() throws Exception {
    String broken = "Danai will also add 20 + 10 decorations to the 29 + 24 decorations already up = 83 total decorations.";
    assertTrue(StepParser.parse(broken, "t").steps().get(0).claims().stream().allMatch(c -> c instanceof Claim.Unread));
    String q = "Danai has 29 decorations up and 24 pumpkins. She buys 20 more and has 10 left. How many decorations in all?";
    assertNotEquals(Outcome.VERIFIED, outcome(q, broken + "\nThe answer is 83."));
    assertNotEquals(Outcome.VERIFIED, outcome(q, broken.replace("= 83", "= 53") + "\nThe answer is 53."));
    // the same sum written again before its computation is read and checked
    String again = "So there are 98 - 49 - 11 pages for the introduction 98 - 49 - 11 = 38 remaining pages.";
    assertEquals(List.of("98 - 49 - 11"), StepParser.parse(again, "t").steps().get(0).claims().stream()
        .map(c -> ((Claim.Arithmetic) c).expression()).toList());
    // a clause between two sums keeps them apart
    assertEquals(1, StepParser.parse("He had 5 + 3 apples so 4 + 2 = 6 pears.", "t").steps().get(0).claims().stream()
        .filter(c -> c instanceof Claim.Arithmetic).count());
  }

  /**
   * GSM8K 6675 and 7095 (seed 1, changed operands): a dead-end step (its result used by nothing
   * after it, not the answer) whose operand the question only implies (8:00 PM as 20, "thirteenth"
   * as 13) passed with the gold answer. Such an operand grounds a step that leads somewhere only.
   */
  @Test
  void whatTheQuestionOnlyImpliesGroundsNoOperandOfADeadEnd() {
    String q = "William left Missouri by 7:00 AM and arrived at his hometown by 8:00 PM. He had 3 stops of 25, 10 and 25 minutes"
        + " respectively during the journey. How many hours did he spend on the road?";
    String right = "8:00 PM is equivalent to 20:00 hrs so he spent a total of 20-7 = <<20-7=13>>13 hours on the journey\n"
        + "He spent 25+10+25 = <<25+10+25=60>>60 minutes on stops\n"
        + "There are 60 minutes in an hour so he spent (60/60) = <<60/60=1>>1 hour on stops\n"
        + "Therefore, he spent 13-1 = <<13-1=12>>12 hours on the road.\n#### 12";
    readWithWrongTwin(q, right, right.replace("25+10+25 = <<25+10+25=60>>60", "20+10+25 = <<20+10+25=55>>55"));
    String molly = "Molly got a bike for her thirteenth birthday. She rode her bike 3 miles a day, every day, until she turned 16."
        + " How many miles did Molly ride on her bike?";
    String rode = "Molly rode for 16 - 13 = 3 years.\nShe rode for 3 x 365 = 1095 days.\nShe rode a total of 3 x 1095 = 3285 miles.\nThe answer is 3285.";
    readWithWrongTwin(molly, rode, rode.replace("16 - 13 = 3 years", "13 - 13 = 0 years"));
  }

  /**
   * GSM8K 5308: "we multiply 4*2 to find 8 legs" was unread, so a changed answer of 4 (an earlier
   * result) bound. "to find" / "to get" between a computation and a number link it to its result.
   */
  @Test
  void toFindLinksAComputationToItsResult() {
    String q = "Spiders have twice as many legs as double the number of legs a human has. How many legs does a spider have?";
    String steps = "Since humans have two legs, we start by finding out what double that amount is by performing 2*2=<<2*2=4>>4\n"
        + "Spiders have twice that number, so we multiply 4*2 to find 8 legs in total.\n";
    readWithWrongTwin(q, steps + "#### 8", steps + "#### 4");
    assertNotEquals(Outcome.VERIFIED, outcome(q, steps.replace("to find 8", "to find 9") + "#### 9"));
    assertEquals(Outcome.VERIFIED, outcome("Tom has 3 bags of 5 apples. How many apples?", "Multiply 3 * 5 to get 15 apples.\n#### 15"));
  }

  /**
   * GSM8K 2548 and 936 through the loop: "3 * 100 = 308m" held with m solved to 75/77. A unit
   * letter glued to the result of a computation in numbers is a unit; algebra keeps its letters.
   */
  @Test
  void aUnitLetterGluedToAResultIsAUnitNotAnUnknownToSolve() {
    String reels = "John buys 3 reels of 100m fishing line. He cuts it into 10m sections. How many sections does he get?";
    readWithWrongTwin(reels, "He buys 3 * 100 = 300m\nSo he gets 300 / 10 = 30 sections\nThe answer is 30.",
        "He buys 3 * 100 = 308m\nSo he gets 300 / 10 = 30 sections\nThe answer is 30.");
    String flour = "Jim has 200g of flour in the cupboard, 100g on the counter and 100g in the pantry. A loaf needs 200g. How many loaves?";
    readWithWrongTwin(flour, "Altogether, Jim has 200 + 100 + 100 = 400g of flour.\nHe can bake 400 / 200 = 2 loaves.\nThe answer is 2.",
        "Altogether, Jim has 200 + 100 + 100 = 409g of flour.\nHe can bake 400 / 200 = 2 loaves.\nThe answer is 2.");
    // with an unknown on the other side, or before an operator, the letter stays an unknown
    Claim.Arithmetic algebra = (Claim.Arithmetic) StepParser.parse("m = 2s\ns = 4\nThe answer is 8.", "t").steps().get(0).claims().get(0);
    assertEquals(java.util.Map.of("s", "4", "m", "8"), algebra.unknowns());
    assertEquals("4", ((Claim.Arithmetic) StepParser.parse("5 * 2 = 2.5m + 0\nThe answer is 4.", "t").steps().get(0).claims().get(0))
        .unknowns().get("m"));
  }

  /**
   * Answer mutations the whole-corpus loop VERIFIED: an answer equal to an earlier result that no
   * later step uses (GSM8K 5702, 7180, 6716) bound although the steps went on. It binds only where
   * the text after the last computation picks it out, naming it at least as often as the last result.
   */
  @Test
  void anEarlierResultIsTheAnswerOnlyWhereTheTextPicksItOut() {
    String simon = "Alvin is 30 years old and Simon is 5 years away from being 1/2 the age of Alvin. How old is Simon?";
    String steps = "1/2 the age of Alvin who is 30 is 30 / 2 = 15\nSimon is 5 years away from being half the age of Alvin so Simon is 15 - 5 = 10 years old\n";
    readWithWrongTwin(simon, steps + "The answer is 10.", steps.replace("15 - 5 = 10", "5 + 5 = 10") + "The answer is 15.");
    String baskets = "Basket A has 4 red and 2 yellow marbles, B 6 green and 1 yellow, C 3 white and 9 yellow. What is the greatest difference?";
    String diffs = "In basket A the difference is 4 - 2 = 2\nIn basket B the difference is 6 - 1 = 5\nIn basket C the difference is 9 - 3 = 6\n";
    readWithWrongTwin(baskets, diffs + "Comparing 2, 5 and 6 shows that 6 is the greatest difference\nThe answer is 6.",
        diffs + "Comparing 2, 5 and 6 shows that 6 is the greatest difference\nThe answer is 5.");
    // a choice after the last computation picks an earlier result (GSM8K 304)
    String flour = "A 10-pound bag costs $10 and a 12-pound bag $13. He needs 4 dozen pounds, 12 * 4. What does the cheapest flour cost?";
    String bags = "He needs 12 * 4 = 48 pounds\nHe spends 5 * 10 = 50 on 10-pound bags\nHe would spend 4 * 13 = 52 on the 12-pound bags\n";
    assertEquals(Outcome.VERIFIED, outcome(flour, bags + "He spends $50 if he buys the cheapest flour because 50 < 52\nThe answer is 50."));
    assertNotEquals(Outcome.VERIFIED, outcome(flour, bags + "The answer is 50."));
    // the side of an equation whose unknown the text then gives is not where the steps end (GSM8K 3163)
    String marbles = "If I give my brother 2 marbles I will have double his number, and my friend triple mine. We have 63 together. How many do I have?";
    String algebra = "So the total is X-2 + (X-2)/2 + (X-2)*3 = 63.\n(X-2)*9/2 = 63.\nX-2 = 14.\nX = 16 marbles.\n";
    readWithWrongTwin(marbles, algebra + "The answer is 16.", algebra + "The answer is 14.");
    // a value the text gives before the equation comes first: "2x=20" after "x = 10" ends at 20 (GSM8K 465)
    assertEquals(Outcome.VERIFIED, outcome("Carla won twice as many of the 30 games as Frankie. How many did Carla win?",
        "Let x be Frankie's wins.\nThen x+2*x=30 games.\nSo 3*x=30.\nAnd x=10 games.\nCarla won 2x=20 games.\nThe answer is 20."));
  }

  /**
   * GSM8K 6080 in LaTeX through the loop: the last computation, written with words between its
   * numbers, was skipped without a report, and the answer 12 bound to the result before it. A
   * computation skipped after the last one read, with a result other than the answer, is reported.
   */
  @Test
  void aComputationSkippedWhereTheStepsEndIsReported() {
    String q = "Erin put 16 curlers in her hair. One-fourth are pink. Twice as many are blue. The rest are green. How many are green?";
    String steps = "There are \\(16 \\div 4 = 4\\) pink curlers.\nThere are \\(4 \\times 2 = 8\\) blue curlers.\n"
        + "Together, there are \\(4 + 8 = 12\\) pink and blue curlers.\n"
        + "The remaining curlers are green, so of the 16 total curlers – 12 pink and blue curlers = 4 green curlers are in Erin’s hair.\n";
    io.veritrace.core.Proposal wrong = StepParser.parse(steps + "The final answer is $\\boxed{12}$.", "t");
    assertTrue(wrong.steps().get(3).claims().stream().anyMatch(c -> c instanceof Claim.Unread u && u.text().contains("16 total curlers")),
        wrong.steps().get(3).claims().toString());
    assertNotEquals(Outcome.VERIFIED, outcome(q, steps + "The final answer is $\\boxed{12}$."));
    // a skipped computation giving the answer, or one before the last computation read, is not reported
    assertTrue(StepParser.parse(steps + "The final answer is $\\boxed{4}$.", "t").steps().get(3).claims().isEmpty());
    String earlier = "Of the 16 total curlers – 4 pink curlers = 12 others.\nSo 12 - 8 = 4 green curlers.\nThe answer is 4.";
    assertTrue(StepParser.parse(earlier, "t").steps().stream().flatMap(st -> st.claims().stream()).noneMatch(c -> c instanceof Claim.Unread));
  }

  /** GSM8K 3521: a percentage result rounds as a percentage; its fraction 0.0833 let an answer of 1 bind. */
  @Test
  void aPercentageResultRoundsAsAPercentage() {
    String q = "Haley spends 240 minutes on her trip and 20 minutes watching the comet. What percentage of the time, rounded to the nearest percent, did she watch it?";
    String steps = "Divide the time watching the comet by the total time: 20 minutes / 240 minutes = 8.333...%, which rounds down to 8%\n";
    readWithWrongTwin(q, steps + "The answer is 8.", steps + "The answer is 1.");
  }

  /**
   * An equation that defines a new unknown used nowhere else holds for the value it defines:
   * "5p = 17" checks nothing, so it is unread; a value of 1 is a unit on both sides, and a value
   * the answer or a later step uses is a derivation.
   */
  @Test
  void anEquationDefiningAnUnknownNothingElseUsesChecksNothing() {
    String idle = "He buys 3 * 4 = 12 boxes.\nSo 5p = 17.\nThe answer is 12.";
    List<Claim> defining = StepParser.parse(idle, "t").steps().get(1).claims();
    assertTrue(!defining.isEmpty() && defining.stream().allMatch(c -> c instanceof Claim.Unread), defining.toString());
    assertNotEquals(Outcome.VERIFIED, outcome("He buys 3 packs of 4 boxes. How many boxes?", idle));
    // GSM8K 3558: "2000L * .8 = 1600 L" holds with L = 1, the numbers as written
    assertTrue(StepParser.parse("2000L * .8 = 1600 L\n2000 - 1600 = 400\nThe answer is 400.", "t").steps().get(0).claims().get(0)
        instanceof Claim.Arithmetic);
    // the value of the unknown is the answer: solving for it is the derivation
    assertTrue(StepParser.parse("So 5p = 17.\nThe answer is 3.4.", "t").steps().get(0).claims().get(0) instanceof Claim.Arithmetic);
  }

  /** GSM8K 2434 and 5171 in LaTeX: "\\(100 \\div 2 = 50\\)-foot sections" joins the result to its unit word. */
  @Test
  void aHyphenAfterLatexMathJoinsAWord() {
    String q = "John starts with 100 feet of rope and cuts it in half. How long is each section?";
    readWithWrongTwin(q, "He has \\(100 \\div 2 = 50\\)-foot sections of rope.\nThe final answer is $\\boxed{50}$.",
        "He has \\(100 \\div 2 = 51\\)-foot sections of rope.\nThe final answer is $\\boxed{51}$.");
    // a minus between two numbers after the maths stays a minus
    assertTrue(MathText.plain("\\(50\\)-foot").contains("50-foot"));
    assertTrue(MathText.plain("\\(50\\)-3").contains("50 -3"));
  }

  /** GSM8K 3216: "200cm³" is 200 cubic centimetres, not 200 cubed; "5²" stays a power. */
  @Test
  void thePowerOfAUnitWordBelongsToTheUnit() {
    String q = "A balloon of 500cm³ grows by two-fifths of its volume. By how much does it grow?";
    readWithWrongTwin(q, "It grows by 2 / 5 * 500 = 200cm³\nThe answer is 200.", "It grows by 2 / 5 * 500 = 210cm³\nThe answer is 210.");
    assertEquals(Outcome.VERIFIED, outcome("What is 5 squared?", "5² = 25\nThe answer is 25."));
    assertNotEquals(Outcome.VERIFIED, outcome("What is 5 squared?", "5² = 5\nThe answer is 5."));
  }

  /**
   * GSM8K 2597, 1188, 6591: a formula in words and then its computation in numbers
   * ("= total/3 = 186 / 3 = 62"): the computation is checked; alone, a formula with words stays unread.
   */
  @Test
  void aFormulaInWordsBeforeItsComputationInNumbersIsALabel() {
    String q = "He scores 50, 70 and 66; his history score is their average. What is his total over 4 subjects?";
    String steps = "The sum is 50 + 70 + 66 = 186\nHis History score is = total/3 = 186 / 3 = 62\nSo his total is 186 + 62 = 248\n";
    readWithWrongTwin(q, steps + "The answer is 248.", steps.replace("= 62", "= 63").replace("+ 62 = 248", "+ 63 = 249") + "The answer is 249.");
    List<Claim> alone = StepParser.parse("His score is = total/3 = 62", "t").steps().get(0).claims();
    assertTrue(!alone.isEmpty() && alone.stream().allMatch(c -> c instanceof Claim.Unread), alone.toString());
  }

  /**
   * GSM8K 1042 (operand 0.2 changed to 1.2): a percentage is what a whole grows by (1 + p) only
   * where words beside it say so; the rest (1 - p) is always licensed.
   */
  @Test
  void aPercentageIsAGrowthOnlyWhereTheTextSaysSo() {
    String q = "A clinic administered the covid vaccine to 650 people. 80% of the people were adults. How many of the vaccinated people were children?";
    String steps = "Since 80% of the people were adults, this means 100% - 80% = 20 % were children.\n20% = 0.2, so ";
    readWithWrongTwin(q, steps + "0.2 * 650 = 130 children were vaccinated.\nThe answer is 130.",
        steps + "1.2 * 650 = 780 children were vaccinated.\nThe answer is 780.");
    assertTrue(stated(q, "0.2") && stated(q, "20") && !stated(q, "1.8") && !stated(q, "180"));
    String raise = "Her salary of $650 rose by 20% this year. What is her salary now?";
    readWithWrongTwin(raise, "Her salary is now 1.2 * 650 = 780 dollars.\nThe answer is 780.",
        "Her salary is now 1.3 * 650 = 845 dollars.\nThe answer is 845.");
    assertTrue(stated(raise, "120") && stated("He pays a twenty percent tip on $50.", "1.2"));
    // the growth word must be in the percentage's own sentence
    assertFalse(stated("80% were adults. Tickets cost more on Sunday.", "1.8"));
  }

  /**
   * GSM8K 3351 (answer changed to 6): the question asks how many weeks, the last result counts
   * sodas, and the text after it says "3 weeks": the answer 6 is that result, but not what is asked.
   */
  @Test
  void anAnswerCountingOtherThanTheQuestionAsksWhereTheTextCountsItIsNotBound() {
    String q = "Jerry drinks 48 sodas a week. If he cuts the number of sodas he drinks in half each week, how many weeks will it take him to only drink 6 sodas per week?";
    String steps = "After 1 week: 48 / 2 = 24 sodas\nAfter 2 weeks: 24 / 2 = 12 sodas\nAfter 3 weeks: 12 / 2 = 6 sodas. ";
    readWithWrongTwin(q, steps + "So it takes him 1 + 1 + 1 = 3 weeks.\nThe answer is 3.", steps + "It takes Jerry 3 weeks to get down to 6 sodas.\nThe answer is 6.");
    // the result counts what is asked: another count after it contradicts nothing
    String apples = "Ann has 10 apples and eats 3. How many apples does she have left?";
    assertEquals(Outcome.VERIFIED, outcome(apples, "She has 10 - 3 = 7 apples left after eating 3 apples.\nThe answer is 7."));
  }

  /**
   * GSM8K 2417 and 3469 (operand mutations passed with the gold answer): arithmetic done in the
   * head grounds no operand of a computation whose result nothing later uses, that is not the
   * answer and that the question does not state; a check ending on the question's number still does.
   */
  @Test
  void headArithmeticGroundsNoOperandOfADeadEnd() {
    String q = "Annie has 6 barrettes, twice as many scrunchies as barrettes, and three fewer bobby pins than barrettes. What percentage of her hair decorations are bobby pins, rounded to the nearest percent?";
    String right = "First find the total number of scrunchies: 6 * 2 = 12 scrunchies\nThen subtract three fewer bobby pins than barrettes 6 - 3 = 3 bobby pins\n"
        + "Then add them to find the total number: 6 + 12 + 3 = 21 decorations\n"
        + "Then divide and multiply by 100%: 3 bobby pins / 21 decorations * 100% = 14.28 which rounds down to 14%\nThe answer is 14.";
    readWithWrongTwin(q, right, right.replace("6 - 3 = 3 bobby", "14 - 3 = 11 bobby"));
    String pepe = "Frank is half a foot taller than Pepe, and Larry is one foot taller than Frank. If Pepe is 4 feet six inches tall, how tall is Larry, in feet?";
    String steps = "Four feet six inches is the same as 4.5 feet tall.\nFrank is 0.5 feet taller than Pepe, so he is ";
    readWithWrongTwin(pepe, steps + "0.5 + 4.5 = 5 feet tall.\nLarry is 5+1=6 feet tall.\nThe answer is 6.", steps + "4.5 + 4.5 = 9 feet tall.\nLarry is 5+1=6 feet tall.\nThe answer is 6.");
    // GSM8K 6852: a check that ends on the question's $1 grounds its operand in the head
    String glasses = "Glasses cost $3 for small and $5 for large ones. Peter has $50. If he buys 8 small ones and leaves with $1 in change, how many large ones did he buy?";
    assertEquals(Outcome.VERIFIED, outcome(glasses, "He spent $49 on glasses because 50-49=1\nHe spent $24 on small glasses because 8x3=24\n"
        + "He spent $25 on large glasses because 49-24=25\nHe bought 5 large glasses because 25/5=5\nThe answer is 5."));
  }

  /**
   * GSM8K 4604 (answer changed to 66): a result rounds to the nearest whole number, down or up only
   * where the text says so; within 1 either way let 66 bind to "66.666...% rounds up to 67%".
   */
  @Test
  void aResultRoundsToTheNearestWholeUnlessTheTextSaysWhichWay() {
    String q = "Matt has 12 kittens and 6 adult cats. What percentage of his cats are kittens (rounded to the nearest percent)?";
    String steps = "He has 12 + 6 = 18 cats.\nThe kittens are 12 / 18 * 100 = 66.666 percent of them, to the nearest percent.\n";
    readWithWrongTwin(q, steps + "The answer is 67.", steps + "The answer is 66.");
    String boxes = "A box holds 8 eggs. How many full boxes can be filled with 100 eggs?";
    readWithWrongTwin(boxes, "100 / 8 = 12.5, so 12 full boxes can be filled.\nThe answer is 12.", "100 / 8 = 12.5, so 11 full boxes can be filled.\nThe answer is 11.");
  }
}

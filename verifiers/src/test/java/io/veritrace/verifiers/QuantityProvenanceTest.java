package io.veritrace.verifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.core.Grade;
import io.veritrace.core.Outcome;
import io.veritrace.core.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What grounds a number a right GSM8K solution uses that no sentence of the question gives, each
 * with its wrong twin: the same solution with the number changed, or without what licensed it,
 * stays short of VERIFIED with the number named.
 */
class QuantityProvenanceTest {

  private final CheckSuite suite = CheckSuite.standard();

  private SolutionAudit audit(String question, String solution) {
    return SolutionAudit.of(suite, "q", question, solution);
  }

  private static List<Verdict> provenance(SolutionAudit a, Grade grade) {
    return a.verdicts().stream().filter(v -> v.rule().equals(Rules.PROVENANCE_UNGROUNDED) && v.grade() == grade).toList();
  }

  private static final String JIM = "Jim collects model cars, and he has 301 models total.  Jim has 4 times as many Buicks as Fords, "
      + "and 3 more than twice the number of Fords than Chevys.  How many Buicks does Jim have?";

  private static final String COMBINED = "Let x represent the number of Chevys\nFords:3+2x\nBuicks:4(3+2x)=12+8x\n"
      + "Total:x+3+2x+12+8x=301\n11x+15=301\n11x=286\nx = 26\nBuicks:12+8(26)=220\nThe answer is 220.";

  @Test
  void likeTermsCombinedFromAnEarlierEquationAreGrounded() {
    SolutionAudit a = audit(JIM, COMBINED);
    assertEquals(Outcome.VERIFIED, a.outcome(), a.verdicts().toString());
    // the certificate names the equation each coefficient comes from
    assertTrue(provenance(a, Grade.PASS).stream().anyMatch(v -> v.message().contains("11*x + 15")
        && v.message().contains("the same linear form (11x + 15) as step 3")), a.verdicts().toString());
    assertTrue(provenance(a, Grade.PASS).stream().anyMatch(v -> v.message().contains("the same equation (11x - 286 = 0) as step 3")),
        a.verdicts().toString());
  }

  @Test
  void aCoefficientNoEarlierEquationMakesStaysFromNowhere() {
    // without the equation that collects them, 11 and 15 come from nowhere
    SolutionAudit bare = audit(JIM, "Let x represent the number of Chevys\n11x+15=301\n11x=286\nx = 26\nBuicks:12+8(26)=220\nThe answer is 220.");
    assertEquals(Outcome.CLARIFY, bare.outcome(), bare.verdicts().toString());
    assertTrue(provenance(bare, Grade.WARN).stream().anyMatch(v -> v.message().contains("11, 15")), bare.verdicts().toString());
    // collected wrongly (12x + 15), the form differs from the equation before it: not grounded,
    // and the equation fails for the unknown's value
    SolutionAudit wrong = audit(JIM, COMBINED.replace("11x+15=301", "12x+15=301"));
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
    assertTrue(provenance(wrong, Grade.WARN).stream().anyMatch(v -> v.message().contains("12")), wrong.verdicts().toString());
    // a constant moved across wrongly (11x = 285) is no rewriting of 11x + 15 = 301
    SolutionAudit moved = audit(JIM, COMBINED.replace("11x=286", "11x=285"));
    assertNotEquals(Outcome.VERIFIED, moved.outcome());
  }

  @Test
  void bothSidesMayBeRewrittenAndSwapped() {
    String q = "Daytona Beach has 26 shark sightings a year. Daytona Beach has 5 more than triple the number of shark sightings as "
        + "Cape May. How many shark sightings are there in Cape May?";
    String right = "Let x be the number of shark sightings in Cape May\n26=5+3x\n21=3x\nx = 7\nThe answer is 7.";
    assertEquals(Outcome.VERIFIED, audit(q, right).outcome(), audit(q, right).verdicts().toString());
    assertEquals(Outcome.VERIFIED, audit(q, right.replace("21=3x", "3x=21")).outcome());
    // 22 = 3x is not 26 = 5 + 3x rewritten
    SolutionAudit wrong = audit(q, "Let x be the number of shark sightings in Cape May\n26=5+3x\n22=3x\nx = 22/3\nThe answer is 7.");
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
  }

  @Test
  void anEquationsSideTheQuestionGivesBindsNoAnswer() {
    // once the algebra is grounded, the answer binding is all that stands between a restated
    // given and VERIFIED: 16 is the question's number, not something the steps derived
    String q = "The Reptile House at the zoo has 5 fewer animals than 3 times the number of animals housed in the Rain Forest "
        + "exhibit. If the Reptile House has 16 animals, how many are in the Rain Forest exhibit?";
    String steps = "Let x be the number of animals in the Rain Forest exhibit\n3x-5=16\n3x=21\nx = 7\n";
    assertEquals(Outcome.VERIFIED, audit(q, steps + "The answer is 7.").outcome());
    SolutionAudit given = audit(q, steps + "The answer is 16.");
    assertEquals(Outcome.REFUSE, given.outcome());
    assertTrue(given.failures().stream().anyMatch(v -> v.rule().equals(Rules.BINDING_ANSWER)), given.verdicts().toString());
    // a side the steps derive binds: Carla's 2x = 20 games
    String frankie = "Frankie and Carla played 30 games of ping pong against each other.  Frankie won half as many games as did "
        + "Carla.  How many games did Carla win?";
    String carla = "Let x be the number of games that Frankie won.\nThen the number of games Carla won would be 2*x.\n"
        + "And the sum of all the games would be x+2*x=30 games.\nThus, the expression simplifies to 3*x=30.\nx = 10\n"
        + "Therefore, the number of Carla's wins would be 2x=20 games.\n";
    assertEquals(Outcome.VERIFIED, audit(frankie, carla + "The answer is 20.").outcome());
    assertEquals(Outcome.REFUSE, audit(frankie, carla + "The answer is 30.").outcome());
  }

  /**
   * {@code right} is VERIFIED; {@code wrong}, the same solution with the licensed number changed
   * to {@code nowhere}, ends CLARIFY naming it.
   */
  private void licensed(String question, String right, String wrong, String nowhere) {
    SolutionAudit r = audit(question, right);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.verdicts().toString());
    SolutionAudit w = audit(question, wrong);
    assertEquals(Outcome.CLARIFY, w.outcome(), w.verdicts().toString());
    assertTrue(provenance(w, Grade.WARN).stream().anyMatch(v -> v.message().contains("never gives " + nowhere)), w.verdicts().toString());
  }

  @Test
  void aUnitTheTextNamesLicensesItsConversionFactors() {
    String kim = "Kim drinks a 1.5-quart bottle of water.  She then drinks a 12 ounce can of water.  How many ounces of water did she drink?";
    licensed(kim, "The bottle was 1.5 * 32 = 48 ounces.\nSo she drinks 48 + 12 = 60 ounces of water.\nThe answer is 60.",
        "The bottle was 1.5 * 34 = 51 ounces.\nSo she drinks 51 + 12 = 63 ounces of water.\nThe answer is 63.", "34");
    // a quart's 32 ounces need a quart: in litres they come from nowhere
    SolutionAudit litres = audit(kim.replace("1.5-quart", "1.5-liter"),
        "The bottle was 1.5 * 32 = 48 ounces.\nSo she drinks 48 + 12 = 60 ounces of water.\nThe answer is 60.");
    assertEquals(Outcome.CLARIFY, litres.outcome(), litres.verdicts().toString());
    String horses = "John feeds his horses 1000 pounds of food a day. He buys half ton bags of food. How many bags does he use in 60 days?";
    licensed(horses, "Each bag of food is 2000 * .5 = 1000 pounds\nSo he needs 60 * 1000 / 1000 = 60 bags of food\nThe answer is 60.",
        "Each bag of food is 2200 * .5 = 1100 pounds\nSo a bag lasts 1100 / 1000 = 1.1 days\nThe answer is 1.1.", "2200");
  }

  @Test
  void dollarsAreCountedInCentsWhereTheQuestionCountsInCents() {
    String q = "Standard postage is $1.08 per letter. Deborah is mailing four letters. How many cents does she pay?";
    licensed(q, "Deborah's four letters cost 108 * 4 = 432 cents.\nThe answer is 432.",
        "Deborah's four letters cost 109 * 4 = 436 cents.\nThe answer is 436.", "109");
    // in dollars, 108 is no number of the question
    SolutionAudit dollars = audit(q.replace("How many cents", "How many dollars"), "Deborah's four letters cost 108 * 4 = 432 cents.\nThe answer is 432.");
    assertEquals(Outcome.CLARIFY, dollars.outcome(), dollars.verdicts().toString());
  }

  @Test
  void halvesFractionsAndMixedMeasuresAreTheNumbersTheyWrite() {
    String omelets = "Seniors will eat one and a half omelets each. There are 37 seniors. How many omelets do they eat?";
    licensed(omelets, "They eat 1.5 * 37 = 55.5 omelets.\nThe answer is 55.5.", "They eat 2.5 * 37 = 92.5 omelets.\nThe answer is 92.5.", "2.5");
    String cupcakes = "Dani brings two and half dozen cupcakes. How many cupcakes does she bring?";
    licensed(cupcakes, "Dani brings 2.5 * 12 = 30 cupcakes.\nThe answer is 30.", "Dani brings 3.5 * 12 = 42 cupcakes.\nThe answer is 42.", "3.5");
    String jog = "Mr. John jogs for 1 hour 30 minutes every day. How many hours does he jog in a week?";
    licensed(jog, "He jogs 7 * 1.5 = 10.5 hours a week.\nThe answer is 10.5.", "He jogs 7 * 1.3 = 9.1 hours a week.\nThe answer is 9.1.", "1.3");
    String concert = "The concert lasts one hour 20 minutes, with a 10-minute intermission. How many minutes of singing are there?";
    licensed(concert, "There are 80 - 10 = 70 minutes of singing.\nThe answer is 70.", "There are 85 - 10 = 75 minutes of singing.\nThe answer is 75.", "85");
    String run = "Kevin ran at 8 miles per hour for 15 minutes. How many miles did he run?";
    licensed(run, "He ran 8 * 0.25 = 2 miles.\nThe answer is 2.", "He ran 8 * 0.35 = 2.8 miles.\nThe answer is 2.8.", "0.35");
    String flour = "Lady Bird uses 1 1/4 cup flour for a batch. How many cups does she need for 4 batches?";
    licensed(flour, "She will use 1.25 * 4 = 5 cups of flour.\nThe answer is 5.", "She will use 1.75 * 4 = 7 cups of flour.\nThe answer is 7.", "1.75");
    String gas = "Her gas bill was $40, and she has already paid three-quarters of this. How much has she paid?";
    licensed(gas, "She has paid 40 * 0.75 = 30.\nThe answer is 30.", "She has paid 40 * 0.85 = 34.\nThe answer is 34.", "0.85");
    String molly = "Molly got a bike for her thirteenth birthday. She rode it until she turned 16. For how many years did she ride it?";
    licensed(molly, "Molly rode for 16 - 13 = 3 years.\nThe answer is 3.", "Molly rode for 16 - 14 = 2 years.\nThe answer is 2.", "14");
    String jail = "Each person spends half of a 2-week sentence in jail. How many days is that?";
    licensed(jail, "They spend 14 / 2 = 7 days in jail.\nThe answer is 7.", "They spend 18 / 2 = 9 days in jail.\nThe answer is 9.", "18");
  }

  @Test
  void whatTheTextImpliesIsNoOperandOfArithmeticInTheHead() {
    // 24 hours a day make 18.48 = 24 * 0.77 written in prose, but no day is counted here
    String q = "There are 25 students in the class. One student is absent. The average score of the others was 77%. What is their total?";
    SolutionAudit a = audit(q, "The class has 18.48 in all.\nThe total is 18.48 * 100 = 1848 points.\nThe answer is 1848.");
    assertEquals(Outcome.CLARIFY, a.outcome(), a.verdicts().toString());
  }

  @Test
  void anEquationsCoefficientsServeToSolveItAndNothingElse() {
    String q = "Alison bought 3 large storage tubs and 6 small ones for $48 total. If the large tubs cost $6, how much do the small ones cost?";
    SolutionAudit right = audit(q, "Let t be the price of the small tubs\n3*6+6*t=48\n18+6*t=48\n6*t=48-18=30\nt = 5\nThe answer is 5.");
    assertEquals(Outcome.VERIFIED, right.outcome(), right.verdicts().toString());
    // 17 is no number of the equation it would solve
    SolutionAudit wrong = audit(q, "Let t be the price of the small tubs\n3*6+6*t=48\n18+6*t=48\n6*t=48-17=31\nt = 31/6\nThe answer is 31/6.");
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
    assertTrue(provenance(wrong, Grade.WARN).stream().anyMatch(v -> v.message().contains("never gives 17")), wrong.verdicts().toString());
    // 19 is the coefficient of 19x = 380, no count of anything: 19 * 15 is no step towards the couch
    String couch = "John buys a chair, a table that is 3 times the price of the chair, and a couch that is 5 times the price of "
        + "the table. If John paid $380 for all these items, what is the price of the couch?";
    String steps = "Let x be the price of the chair.\nThe couch costs 3*x*5=15*x.\nx+3*x+15*x=380\n19*x=380\nx = 20\n";
    assertEquals(Outcome.VERIFIED, audit(couch, steps + "The couch costs 20*15 = 300 dollars.\nThe answer is 300.").outcome());
    SolutionAudit coefficient = audit(couch, steps + "The couch costs 19*15 = 285 dollars.\nThe answer is 285.");
    assertEquals(Outcome.CLARIFY, coefficient.outcome(), coefficient.verdicts().toString());
    assertTrue(provenance(coefficient, Grade.WARN).stream().anyMatch(v -> v.message().contains("never gives 19")), coefficient.verdicts().toString());
  }

  @Test
  void aChainLinkWorksOutPartOfTheLinkBeforeIt() {
    String q = "Leila bought a sofa worth $1,250, 2 armchairs costing $425 each and a coffee table. The invoice is $2,430. "
        + "What is the price of the coffee table?";
    String right = "The price of 2 armchairs is 425 * 2 = 850.\nThe table costs $2,430 - ($1,250 + $850) = 2430 - 2100 = 330\nThe answer is 330.";
    SolutionAudit r = audit(q, right);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.verdicts().toString());
    assertTrue(provenance(r, Grade.PASS).stream().anyMatch(v -> v.message().contains("2100 = 850 + 1250")), r.verdicts().toString());
    // a link whose number is no part of the one before fails its own check, and is no rewriting
    SolutionAudit wrong = audit(q, right.replace("2430 - 2100 = 330", "2530 - 2200 = 330"));
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
    assertTrue(provenance(wrong, Grade.WARN).stream().anyMatch(v -> v.message().contains("2530, 2200")), wrong.verdicts().toString());
  }

  @Test
  void aPercentageIsItsFractionBothWays() {
    String q = "If 24 out of every 60 individuals like football and 50% of those play it, how many of a group of 250 play football?";
    licensed(q, "Then 24*50% = 12 out of 60 individuals play it\nThat is 12/60 = 1/5 or 20% play it\n"
        + "One would expect 250 * 20 * .01 = 50 individuals to play it\nThe answer is 50.",
        "Then 24*50% = 12 out of 60 individuals play it\nThat is 12/60 = 1/5 or 20% play it\n"
        + "One would expect 250 * 22 * .01 = 55 individuals to play it\nThe answer is 55.", "22");
    String ian = "Ian spent half the money he made. He earned $144. How much did he spend?";
    licensed(ian, "He spent 144 * 50 * .01 = 72\nThe answer is 72.", "He spent 144 * 70 * .01 = 100.8\nThe answer is 100.8.", "70");
  }

  @Test
  void aKnownNumberWrittenWithAScaleWordIsThatMany() {
    String q = "A movie makes $120 million in its opening weekend and 3.5 times that much during its entire run. "
        + "If the production company keeps 60%, how much do they get?";
    licensed(q, "Over the run it made 120 * 3.5 = 420 million\nSo the company got 420000000 * .6 = 252000000\nThe answer is 252000000.",
        "Over the run it made 120 * 3.5 = 420 million\nSo the company got 430000000 * .6 = 258000000\nThe answer is 258000000.", "430000000");
    licensed(q, "Over the run it made \\(120 \\times 3.5 = 420\\) million\nSo the company got \\(420000000 \\times .6 = 252000000\\)\n"
        + "The final answer is $\\boxed{252000000}$.",
        "Over the run it made \\(120 \\times 3.5 = 420\\) million\nSo the company got \\(430000000 \\times .6 = 258000000\\)\n"
        + "The final answer is $\\boxed{258000000}$.", "430000000");
  }

  @Test
  void aRestatementAfterAVisibleComputationIsThatComputation() {
    String q = "Ali had 180 seashells. He gave away 40 to his friends and 30 to his brothers. If he sold half of the rest, how many "
        + "did he have left?";
    String right = "Ali had 180-40= <<180-40=140>>140 seashells.\nThen he had 140-30 = <<140-30=110>>110 seashells\n"
        + "He sold half, a total of 1/2*110 = <<55=55>>55 seashells\nHe was left with 110-55= <<110-55=55>>55 seashells\n#### 55";
    SolutionAudit r = audit(q, right);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.verdicts().toString());
    assertTrue(r.verdicts().stream().anyMatch(v -> v.rule().equals(Rules.ARITHMETIC_RESULT) && v.grade() == Grade.PASS
        && v.message().contains("1/2*110")), r.verdicts().toString());
    // the visible computation is checked: a wrong one fails, it does not vanish behind the restatement
    SolutionAudit wrong = audit(q, right.replace("1/2*110 = <<55=55>>55", "1/2*112 = <<55=55>>55"));
    assertEquals(Outcome.REFUSE, wrong.outcome(), wrong.verdicts().toString());
    // a restated number no visible computation makes is still from nowhere
    SolutionAudit bare = audit(q, right.replace("a total of 1/2*110 = <<55=55>>55", "a total of <<55=55>>55"));
    assertEquals(Outcome.CLARIFY, bare.outcome(), bare.verdicts().toString());
  }

  @Test
  void clockTimesArePointsOnTheTwentyFourHourClockAndPenniesCents() {
    String josh = "Josh has band practice on Tuesday and Thursday from 3:30 p.m. to 5:00 p.m.  How many hours is that?";
    licensed(josh, "He practices band 1.5 * 2 = 3 hours.\nThe answer is 3.", "He practices band 1.6 * 2 = 3.2 hours.\nThe answer is 3.2.", "1.6");
    String william = "William left Missouri by 7:00 AM and arrived at his hometown by 8:00 PM. How many hours was he away?";
    licensed(william, "8:00 PM is 20:00 hrs so he spent 20 - 7 = 13 hours away.\nThe answer is 13.",
        "8:00 PM is 21:00 hrs so he spent 21 - 7 = 14 hours away.\nThe answer is 14.", "21");
    String caden = "Caden has 120 pennies and 40 nickels. How many dollars does he have?";
    licensed(caden, "The nickels are 40 * 0.05 = 2\nIn all he has 1.20 + 2 = 3.20\nThe answer is 3.2.",
        "The nickels are 40 * 0.05 = 2\nIn all he has 1.30 + 2 = 3.30\nThe answer is 3.3.", "1.3");
  }

  private static final String JOLENE = "Jolene and Phil have four children, each with the same birthday.  They gave birth to their first "
      + "child exactly 15 years ago.  They gave birth to their second child exactly one year after the birth of their first child.  "
      + "They gave birth to their third child on the fourth birthday of their second child. Two years after the birth of their third "
      + "child, they gave birth to their fourth child.  How old, in years, is their fourth child?";

  /** GSM8K train line 233 as a chat model writes it: the first sentence restates the question's 15 in prose. */
  private static final String JOLENE_RIGHT = "Their 1st child was born 15 years ago, and therefore is 15 years old.\n"
      + "Their 2nd child was born 1 year after their 15-year-old child, and therefore is 15 - 1 = 14 years old.\n"
      + "Their 3rd child was born 4 years after their 14-year-old child, and therefore is 14 - 4 = 10 years old.\n"
      + "Their 4th child was born 2 years after their 10-year-old child, and therefore is 10 - 2 = 8 years old.\n"
      + "The answer is 8.";

  private static List<Verdict> prose(SolutionAudit a) {
    return a.verdicts().stream().filter(v -> v.rule().equals(Rules.PROVENANCE_PROSE)).toList();
  }

  @Test
  void aNumberRestatedInProseMustBeOneSomethingGrounds() {
    SolutionAudit right = audit(JOLENE, JOLENE_RIGHT);
    assertEquals(Outcome.VERIFIED, right.outcome(), right.verdicts().toString());
    assertEquals(List.of(), prose(right));
    // the restatement changed: the final answer is still right, but nothing checks the 22
    SolutionAudit wrong = audit(JOLENE, JOLENE_RIGHT.replace("therefore is 15 years old", "therefore is 22 years old"));
    assertEquals(Outcome.CLARIFY, wrong.outcome(), wrong.verdicts().toString());
    assertTrue(prose(wrong).stream().anyMatch(v -> v.grade() == Grade.WARN && v.message().contains("22")
        && v.message().contains("therefore is 22 years old")), wrong.verdicts().toString());
    // 10 is the third child's age, not the first's
    restatementChecked(JOLENE, JOLENE_RIGHT, "and therefore is 15 years old", "and therefore is 10 years old");
  }

  @Test
  void aProseNumberRestatingAResultIsGroundedByIt() {
    String q = "A total of 107 oranges are picked by Del and Juan. Del picked 23 on each of 2 days and Juan picked the rest. "
        + "How many oranges did Juan pick?";
    String right = "1. Del picked 23 * 2 = 46 oranges.\n2. Juan picked 107 - 46 = 61 oranges.\n3. So Juan picked 61 oranges in all.\n"
        + "**Answer: 61**";
    SolutionAudit r = audit(q, right);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.verdicts().toString());
    // the list numbers 1. 2. 3. count lines, not oranges; 64 restates no result
    SolutionAudit wrong = audit(q, right.replace("picked 61 oranges in all", "picked 64 oranges in all"));
    assertEquals(Outcome.CLARIFY, wrong.outcome(), wrong.verdicts().toString());
    assertTrue(prose(wrong).stream().anyMatch(v -> v.message().contains("64")), wrong.verdicts().toString());
  }

  /**
   * Asserts {@code solution} is VERIFIED with no prose warning, and that with {@code restatement}
   * changed to each of {@code changed} it is CLARIFY, warning of the changed text's last number.
   */
  private void restatementChecked(String question, String solution, String restatement, String... changed) {
    SolutionAudit right = audit(question, solution);
    assertEquals(Outcome.VERIFIED, right.outcome(), right.verdicts().toString());
    assertEquals(List.of(), prose(right));
    for (String c : changed) {
      SolutionAudit wrong = audit(question, solution.replace(restatement, c));
      assertEquals(Outcome.CLARIFY, wrong.outcome(), c + ": " + wrong.verdicts());
      String[] numbers = c.replaceAll("[^0-9]+", " ").strip().split(" ");
      String number = numbers[numbers.length - 1];
      assertTrue(prose(wrong).stream().anyMatch(v -> v.grade() == Grade.WARN && v.counterexample().equals(number)), c + ": " + wrong.verdicts());
    }
  }

  /** GSM8K train line 1897 as MutationCorpus writes it in plain text. */
  private static final String BRUCE = "Yesterday, Bruce and Michael were playing football in the park. Bruce scored 4 goals While Michael "
      + "scored 3 times more than Bruce. How many goals did Bruce and Michael both score?";

  private static final String BRUCE_RIGHT = "Bruce scored 4 goals\nScoring 3 times more than Bruce, Michael scored 4 * 3 = 12 goals.\n"
      + "Both, Bruce and Michael scored 12 + 4 = 16 goals.\nThe answer is 16.";

  @Test
  void aRestatementIsTheQuestionsQuantityForWhatItCounts() {
    // 10 is a small count, 3 the question's "3 times", 12 Michael's goals: none is Bruce's 4 goals
    restatementChecked(BRUCE, BRUCE_RIGHT, "Bruce scored 4 goals", "Bruce scored 10 goals", "Bruce scored 3 goals", "Bruce scored 12 goals");
    SolutionAudit wrong = audit(BRUCE, BRUCE_RIGHT.replace("Bruce scored 4 goals", "Bruce scored 10 goals"));
    assertTrue(prose(wrong).get(0).message().contains("the question gives 4 for it"), wrong.verdicts().toString());
  }

  @Test
  void anotherPersonsCountIsNoRestatement() {
    // GSM8K train line 3740: 12 is what Brandon held, 24 Michael; Haley held the question's 8
    String q = "Haley, Michael and Brandon were trying a marshmallow challenge to see who could hold more marshmallows in their mouths. "
        + "Haley could hold 8 marshmallows in her mouth. Michael could hold 3 times as many marshmallows as Haley. Brandon could hold "
        + "half as many as Michael. How many total marshmallows did all three kids hold in their mouths?";
    String right = "Haley held 8 marshmallows.\nMichael held 3 times Haley's, so he held 3 * 8 = 24 marshmallows\n"
        + "Brandon held half as many marshmallows as Michael, so he held 24 / 2 = 12 marshmallows\n"
        + "Together, they held 8 + 24 + 12 = 44 marshmallows.\nThe answer is 44.";
    restatementChecked(q, right, "Haley held 8 marshmallows.", "Haley held 12 marshmallows.", "Haley held 16 marshmallows.");
  }

  @Test
  void aLabelledValueIsTheQuestionsQuantityForTheLabel() {
    // GSM8K train line 326: "First hour" is the question's "13 questions in the first hour"
    String q = "Bob was creating a math test for an online platform.  He created 13 questions in the first hour.  Bob then doubled "
        + "his rate for the second hour, and doubled his second hour rate for the third hour.  How many questions did Bob create in "
        + "the three hours?";
    String right = "First hour: 13\nSecond hour:13(2)=26\nThird hour: 26(2)=52\n13 + 26 + 52 = 91 questions\nThe answer is 91.";
    restatementChecked(q, right, "First hour: 13", "First hour: 9", "First hour: 16");
  }

  @Test
  void aTermOfAnUnknownIsANumberOfTheQuestion() {
    // GSM8K train line 1260: the 7 of "H + 7" is the question's "7 years older"; 2 is only a coefficient the solution writes
    String q = "Ryanne is 7 years older than Hezekiah. Together Ryanne's and Hezekiah's ages equal 15 years. How many years old is "
        + "Hezekiah?";
    String right = "Let H = Hezekiah's age\nRyanne = H + 7\n2H + 7 = 15\n2H = 8\nH = 4\nHezekiah is 4 years old.\nThe answer is 4.";
    restatementChecked(q, right, "Ryanne = H + 7", "Ryanne = H + 2", "Ryanne = H + 6");
  }

  @Test
  void anAnnotationThatOnlyRestatesANumberComputesNothing() {
    // GSM8K train line 1538 as written, annotations included: <<31=31>> is no computation that makes 31
    String q = "Antoinette weighs 7 less kilograms than twice Rupert's weight. Together they weigh 98 kilograms. How many kilograms "
        + "does Antoinette weigh?";
    String right = "Let R = Rupert's weight\nAntoinette = 2R - 7\nR + 2R - 7 = 98\n3R = 105\nRupert = <<35=35>>35 kg\n"
        + "Antoinette = 2 * 35 - 7 = <<2*35-7=63>>63 kg\nAntoinette weighs 63 kilograms.\n#### 63";
    restatementChecked(q, right, "Rupert = <<35=35>>35 kg", "Rupert = <<31=31>>31 kg");
  }

  @Test
  void aSmallCountOfWhatTheProblemCountsOtherwise() {
    // GSM8K train line 2284: the percussion's 1 person; 6 people is no section's count
    String q = "Sebastian plays drums for percussion in an orchestra. He sits next to the brass section where four people play "
        + "trombone, two play trumpet, and one plays a French horn. In front of them are the strings section with three violinists, a "
        + "cellist, and a contrabassist. Next to the strings are a trio of clarinets and a quartet of flute players in the woodwinds "
        + "section. The maestro conducts them all. How many people are in the orchestra?";
    String right = "Sebastian in the percussion section makes 1 person.\nThe brass section has 4 + 2 + 1 = 7 people.\n"
        + "The strings section has 3 + 1 + 1 = 5 people.\nThe woodwinds section has 3 + 4 = 7 people.\nThe maestro is 1 person.\n"
        + "Thus, the orchestra has 1 + 7 + 5 + 7 + 1 = 21 people in it.\nThe answer is 21.";
    restatementChecked(q, right, "makes 1 person", "makes 6 person");
  }

  @Test
  void aRestatementContradictingTheQuestionIsRefusedInGoldSolutionsToo() {
    // GSM8K train line 6829: the gold solution computes with 38 pencils and writes 36
    String q = "A school bought pencils and pens. A pencil costs $2.50, while a pen costs $3.50. How much do 38 pencils and 56 pens cost?";
    String right = "The 38 pencils cost 2.5 * 38 = 95.\nThe 56 pens cost 3.5 * 56 = 196.\n"
        + "The total cost of 38 pencils and 56 pens is $95 + $196 = $291.\nThe answer is 291.";
    restatementChecked(q, right, "total cost of 38 pencils", "total cost of 36 pencils");
  }

  @Test
  void aPercentageTheStepRoundsAndThousandsSplitByASpaceAreGrounded() {
    // GSM8K train line 1843: 16.66...% rounds to 17%
    String carmen = "Carmen is counting the cars that pass by her window. All the cars are either white, black, or red. She sees 50 "
        + "trucks and 40 cars. Half the trucks are red, and another 20% are black. If she picks one car at random, what is the "
        + "percentage chance it's a white truck, rounded to the nearest integer?";
    String rounded = "First find the total number of vehicles Carmen counted: 50 + 40 = 90 vehicles\n"
        + "Then find the number of trucks that were red: 50 / 2 = 25 trucks\nThen find the number of trucks that were black: 50 * .2 = 10 trucks\n"
        + "Then subtract the red and black trucks from the total number of trucks to find the number of white trucks: 50 - 25 - 10 = 15 trucks\n"
        + "Then divide the number of white trucks by the number of vehicles and multiply by 100% to find the percentage of vehicles "
        + "that are white trucks: 15 trucks / 90 vehicles * 100% = 16.66...%, which rounds up to 17%.\nThe answer is 17.";
    SolutionAudit r = audit(carmen, rounded);
    assertEquals(Outcome.VERIFIED, r.outcome(), r.verdicts().toString());
    // 18 is no rounding of 16.66
    assertEquals(Outcome.CLARIFY, audit(carmen, rounded.replace("rounds up to 17%.", "rounds up to 18%.")).outcome());
    // GSM8K train line 7105: "2 500 kg" is the 2500 the next step adds; "2 600 kg" is no number the solution has
    String truck = "A truck can carry a maximum of 13,500 kgs of supplies. Yesterday, the truck was loaded with 100 boxes that weigh 100 "
        + "kgs each. Then, it was loaded with 10 crates which weigh 60 kgs each. Today, it was loaded again with 50 sacks which weigh "
        + "50 kilograms each. How many bags weighing 40 kilograms each can we still load in the truck?";
    String spaced = "The total weight of the boxes is 100 boxes x 100 kg/box = 10 000 kg.\nThe total weight of the crates is 10 * 60 = 600 kg.\n"
        + "The total weight of the sacks is 50 sacks x 50 kg/sack = 2 500 kg.\n"
        + "So, the total weight of the supplies that were already loaded is 10000 + 600 + 2500 = 13100 kg.\n"
        + "Hence, the most weight that can still be loaded in the truck is 13500 - 13100 = 400 kg.\n"
        + "This means 400 / 40 = 10 bags can still be loaded in the truck.\nThe answer is 10.";
    SolutionAudit t = audit(truck, spaced);
    assertEquals(Outcome.VERIFIED, t.outcome(), t.verdicts().toString());
    assertNotEquals(Outcome.VERIFIED, audit(truck, spaced.replace("= 2 500 kg", "= 2 600 kg")).outcome());
  }

  @Test
  void anUnknownRestatedIsTheValueItsEquationsGive() {
    // GSM8K train line 6485: X = 3 where 2X = 20
    String q = "Gabriel is 3 years younger than Frank. The current total of their ages right now is 17. What is Frank's age?";
    String right = "Let X be Frank's age.\nSo Gabriel is X-3 years old.\nThe total of their ages is X + (X-3) = 17 years old.\n2X-3 = 17\n"
        + "2X = 20\nX = 10\nSo Frank is X = 10 years old.\nThe answer is 10.";
    restatementChecked(q, right, "\nX = 10\n", "\nX = 3\n", "\nX = 12\n");
    SolutionAudit wrong = audit(q, right.replace("\nX = 10\n", "\nX = 3\n"));
    assertTrue(prose(wrong).get(0).message().contains("the equations make X 10"), wrong.verdicts().toString());
  }

  @Test
  void twoNumbersWrittenEqualMustBeEqual() {
    // GSM8K train line 202 as written: "14 = <<10=10>>10" restates nothing it computes
    String q = "Archibald eats 1 apple a day for two weeks. Over the next three weeks, he eats the same number of apples as the total of "
        + "the first two weeks. Over the next two weeks, he eats 3 apples a day. Over these 7 weeks, how many apples does he average a week?";
    String right = "He ate 14 apples the first two weeks because 14 x 1 = 14\n"
        + "He ate 14 apples in the next three weeks because 14 = <<14=14>>14\n"
        + "He ate 42 apples in the final two weeks because 14 x 3 = <<14*3=42>>42\nHe ate 70 apples in total.\n"
        + "He averaged 10 apples a week because 70 / 7 = <<70/7=10>>10\n#### 10";
    restatementChecked(q, right, "because 14 = <<14=14>>14", "because 14 = <<10=10>>10");
  }

  @Test
  void aLabelsValueIsNotAnotherLabelsNorATermOfASum() {
    // GSM8K train line 1304: 12 is Tuesday's, and a term of the total, not Monday's
    String terry = "Terry spent 6$ for breakfast on Monday, twice as much on Tuesday, and on Wednesday Terry spent double what he did the "
        + "previous two days combined.  How much did Terry spend total?";
    restatementChecked(terry, "Monday: 6$\nTuesday:6(2)=12$\nWednesday:2(6+12)=36$\n6 + 12 + 36 = 54$\nThe answer is 54.", "Monday: 6$",
        "Monday: 12$", "Monday: 4$");
    // GSM8K train line 5194: 16 is her fruiting plant count on Saturday, not her flowering plant count
    String roxy = "Roxy has 7 flowering plants in her garden.  She has twice as many fruiting plants as her flowering plants.  On Saturday, "
        + "she goes to the nursery and buys 3 flowering plants and 2 fruiting plants. On Sunday, she gives away 1 flowering plant and 4 "
        + "fruiting plants to her neighbor, Ronny.   How many plants are remaining in her garden?";
    String plants = "Roxy’s flowering plant count is 7.\nHer fruiting plant count is 7 * 2 = 14.\n"
        + "On Saturday, her flowering plant count is 7 + 3 = 10.\nOn Saturday, her fruiting plant count is 14 + 2 = 16.\n"
        + "On Sunday, her flowering plant count is 10 - 1 = 9.\nOn Sunday, her fruiting plant count is 16 - 4 = 12.\n"
        + "Roxy’s remaining plant count in her garden is 9 + 12 = 21.\nThe answer is 21.";
    restatementChecked(roxy, plants, "flowering plant count is 7.", "flowering plant count is 16.", "flowering plant count is 4.");
    // GSM8K train line 6200: "A = 13 floors" is B's 13
    String buildings = "Building A has 4 floors, which is 9 less than Building B. Building C has six less than five times as many floors as "
        + "Building B. How many floors does Building C have?";
    restatementChecked(buildings, "A = 4 floors\nB = 4 + 9 = 13 floors\nC = 13 * 5 - 6 = 59 floors\nBuilding C has 59 floors.\nThe answer is 59.",
        "A = 4 floors", "A = 13 floors", "A = 6 floors");
  }

  @Test
  void aSpanOfWeekdaysHasItsCountAndWhatTheyBothDoIsNobodysAlone() {
    // GSM8K train line 5619
    String harry = "Harry is counting the hours that he sleeps. On Monday night, he sleeps for 8 hours. On Tuesday night, he sleeps for 7 "
        + "hours. On Wednesday night, he sleeps for 8 hours. On Thursday night, he sleeps for 10 hours. On Friday night he sleeps for 7 "
        + "hours. What is the average number of hours that Harry sleeps in one night?";
    String sleep = "Across Monday through Friday, the total number of hours Harry sleeps is 8 + 7 + 8 + 10 + 7 = 40 hours\n"
        + "The total number of days from Monday through Friday is 5 days\n"
        + "The average number of hours Harry sleeps in one night is 40 / 5 = 8 hours\nThe answer is 8.";
    restatementChecked(harry, sleep, "Friday is 5 days", "Friday is 6 days", "Friday is 7 days");
    // GSM8K train line 68: Mia's 3 miles a day are not what they both run
    String race = "Jesse and Mia are competing in a week long race. They have one week to run 30 miles. On the first three days Jesse "
        + "averages (2/3) of a mile. On day four she runs 10 miles. Mia averages 3 miles a day over the first 4 days. What is the "
        + "average of their average that they have to run over the final three days?";
    String run = "Jesse runs 2 miles in the first three days because 3 * (2 / 3) = 2\nJesse has 18 miles left to run because 30 - 10 - 2 = 18\n"
        + "Jesse has to run an average of 6 miles a day because 18 / 3 = 6\nMia runs 12 miles over the first four days because 4 * 3 = 12\n"
        + "She has 18 miles left to run because 30 - 12 = 18\nShe has to run six miles a day because 18 / 3 = 6\n"
        + "The total they both have to run is 12 miles a day\nThe average they have to run per day on average is 6 miles because 12 / 2 = 6\n"
        + "The answer is 6.";
    restatementChecked(race, run, "both have to run is 12 miles", "both have to run is 3 miles", "both have to run is 4 miles");
  }

  @Test
  void aKnownFractionWrittenOutGroundsItsParts() {
    // GSM8K train line 2422: 1/15 is a result, so "2 / (1 / 15)" uses no number from nowhere; 1/17 is no result
    String q = "Charles is jogging while listening to his favorite album. He runs at 6 MPH when he's got music on and 4 MPH when he "
        + "doesn't. His album is 40 minutes long. How many minutes will it take him to jog 6 miles?";
    String right = "He runs at .1 miles per minute because 6 / 60 = .1\nWhile the album is playing he can run 4 miles because 40 * .1 = 4\n"
        + "He has to run 2 miles without the album because 6 - 4 = 2\nWithout music he runs 1/15 miles per minute because 4 / 60 = 1/15\n"
        + "He will run the remaining 2 miles in 30 minutes because 2 / (1 / 15) = 30\nIt will take him 70 minutes in total because 40 + 30 = 70\n"
        + "The answer is 70.";
    SolutionAudit a = audit(q, right);
    assertEquals(Outcome.VERIFIED, a.outcome(), a.verdicts().toString());
    SolutionAudit wrong = audit(q, right.replace("30 minutes because 2 / (1 / 15) = 30", "34 minutes because 2 / (1 / 17) = 34")
        .replace("70 minutes in total because 40 + 30 = 70", "74 minutes in total because 40 + 34 = 74").replace("The answer is 70.", "The answer is 74."));
    assertNotEquals(Outcome.VERIFIED, wrong.outcome());
    assertTrue(provenance(wrong, Grade.WARN).stream().anyMatch(v -> v.message().contains("17")), wrong.verdicts().toString());
  }
}

package io.veritrace.reasoners.simulated;

import io.veritrace.core.Claim;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of multi-step word problems about a person and a collection of things:
 * buying, giving away, doubling, packing into boxes. Every value is an exact integer, so the
 * ground truth needs no rounding.
 */
public final class WordProblems {

  private static final String[] NAMES = {"Maya", "Tom", "Aisha", "Lukas", "Priya", "Diego", "Mei", "Omar", "Sofia", "Kwame"};
  private static final String[] ITEMS = {"stickers", "marbles", "apples", "books", "shells", "stamps", "cards", "pencils"};

  private WordProblems() {}

  /** The problem at {@code index} of the sequence for {@code seed}; same inputs, same problem. */
  public static WordProblem generate(long seed, int index, Variant variant) {
    Random rnd = new Random(seed * 1_000_003L + index);
    String name = NAMES[rnd.nextInt(NAMES.length)];
    String items = ITEMS[rnd.nextInt(ITEMS.length)];
    List<Claim.Given> givens = new ArrayList<>();
    List<WordProblem.Operation> ops = new ArrayList<>();
    StringBuilder q = new StringBuilder();

    long total = 5 + rnd.nextInt(40);
    String start = name + " has " + total + " " + items + ".";
    q.append(start);
    givens.add(new Claim.Given("starting " + items, String.valueOf(total), start));

    int steps = 2 + rnd.nextInt(4);
    int missingAt = variant == Variant.MISSING_QUANTITY ? rnd.nextInt(steps) : -1;
    String missing = "";
    for (int i = 0; i < steps; i++) {
      int kind = rnd.nextInt(4);
      if (kind == 1 && total < 2) kind = 0; // nothing left to give away: the count must stay positive
      long operand;
      String sentence;
      char op;
      String what;
      switch (kind) {
        case 0 -> {
          operand = 3 + rnd.nextInt(30);
          op = '+';
          what = items + " bought in round " + (i + 1);
          sentence = "Then " + name + " buys " + (i == missingAt ? "some" : String.valueOf(operand)) + " more " + items + ".";
        }
        case 1 -> {
          operand = 1 + rnd.nextInt((int) Math.max(1, total - 1));
          op = '-';
          what = items + " given away in round " + (i + 1);
          sentence = "Then " + name + " gives " + (i == missingAt ? "some" : String.valueOf(operand)) + " " + items + " to a friend.";
        }
        case 2 -> {
          operand = 2 + rnd.nextInt(3);
          op = '*';
          what = "the factor in round " + (i + 1);
          sentence = "Then " + name + "'s collection grows to " + (i == missingAt ? "several" : String.valueOf(operand)) + " times its size.";
        }
        default -> {
          List<Long> divisors = new ArrayList<>();
          for (long d = 2; d <= 9; d++) if (total % d == 0) divisors.add(d);
          if (divisors.isEmpty()) {
            operand = 2 + rnd.nextInt(8);
            op = '+';
            what = items + " found in round " + (i + 1);
            sentence = "Then " + name + " finds " + (i == missingAt ? "some" : String.valueOf(operand)) + " more " + items + ".";
          } else {
            operand = divisors.get(rnd.nextInt(divisors.size()));
            op = '/';
            what = "boxes in round " + (i + 1);
            sentence = "Then " + name + " shares them equally among " + (i == missingAt ? "a few" : String.valueOf(operand)) + " boxes and keeps one box.";
          }
        }
      }
      q.append(' ').append(sentence);
      int given = -1;
      if (i == missingAt) {
        missing = "how many " + what.replace(" in round " + (i + 1), "") + " (step " + (i + 1) + ")";
      } else {
        givens.add(new Claim.Given(what, String.valueOf(operand), sentence));
        given = givens.size() - 1;
      }
      ops.add(new WordProblem.Operation(op, given, BigInteger.valueOf(operand), what));
      total = switch (op) {
        case '+' -> total + operand;
        case '-' -> total - operand;
        case '*' -> total * operand;
        default -> total / operand;
      };
    }
    List<String> conflict = List.of();
    if (variant == Variant.CONTRADICTORY) {
      long other = Long.parseLong(givens.get(0).value()) + 1 + rnd.nextInt(9);
      String contradiction = "Before that, " + name + " had " + other + " " + items + " to start with.";
      q.append(' ').append(contradiction);
      givens.add(new Claim.Given("starting " + items, String.valueOf(other), contradiction));
      conflict = List.of(start, contradiction);
    }
    q.append(" How many ").append(items).append(" does ").append(name).append(" have now?");
    return new WordProblem(q.toString(), variant, givens, ops, BigInteger.valueOf(total), missing, conflict);
  }
}

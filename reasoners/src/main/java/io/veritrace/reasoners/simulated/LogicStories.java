package io.veritrace.reasoners.simulated;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Generates {@link LogicStory}s in the style of ProntoQA: chains of "every A is a B" rules over
 * nonsense categories, a fact about one individual, distractors, and a statement to judge.
 */
public final class LogicStories {

  private static final String[] CATEGORIES = {
    "wumpus", "yumpus", "zumpus", "dumpus", "rompus", "numpus", "tumpus", "vumpus", "impus",
    "jompus", "gorpus", "shumpus", "lempus", "sterpus", "brimpus", "lorpus", "grimpus", "felpus"
  };
  private static final String[] NAMES = {"Max", "Fae", "Rex", "Sally", "Polly", "Wren", "Stella", "Sam", "Alex", "Tova"};

  /** The four kinds of story, with the label a correct checker gives. */
  public static final List<String> LABELS = List.of("True", "False", "Uncertain", "Inconsistent");

  private LogicStories() {}

  /** Story {@code index} of {@code seed} with the given {@code label}. */
  public static LogicStory generate(long seed, int index, String label) {
    if (!LABELS.contains(label)) throw new IllegalArgumentException("unknown label " + label);
    Random rnd = new Random(seed * 7_368_787L + index);
    List<String> pool = new ArrayList<>(List.of(CATEGORIES));
    Collections.shuffle(pool, rnd);
    String name = NAMES[rnd.nextInt(NAMES.length)];
    String other = NAMES[(List.of(NAMES).indexOf(name) + 1 + rnd.nextInt(NAMES.length - 1)) % NAMES.length];
    int chain = 2 + rnd.nextInt(3);
    List<String> c = pool.subList(0, chain + 1);
    String distractor = pool.get(chain + 1);
    String target = pool.get(chain + 2);
    String condition = pool.get(chain + 3);

    List<String[]> premises = new ArrayList<>();
    for (int i = 0; i < chain; i++) {
      premises.add(new String[] {"Every " + c.get(i) + " is " + a(c.get(i + 1)) + ".",
          "∀x (" + pred(c.get(i)) + "(x) → " + pred(c.get(i + 1)) + "(x))"});
    }
    premises.add(new String[] {name + " is " + a(c.get(0)) + ".", pred(c.get(0)) + "(" + id(name) + ")"});
    premises.add(new String[] {"Every " + distractor + " is " + a(c.get(1)) + ".",
        "∀x (" + pred(distractor) + "(x) → " + pred(c.get(1)) + "(x))"});
    premises.add(new String[] {other + " is " + a(distractor) + ".", pred(distractor) + "(" + id(other) + ")"});
    String last = c.get(chain);
    String statement;
    String conclusion;
    String deciding = "";
    switch (label) {
      case "True" -> {
        statement = name + " is " + a(last) + ".";
        conclusion = pred(last) + "(" + id(name) + ")";
      }
      case "False" -> {
        premises.add(new String[] {"No " + last + " is " + a(target) + ".",
            "∀x (" + pred(last) + "(x) → ¬" + pred(target) + "(x))"});
        statement = name + " is " + a(target) + ".";
        conclusion = pred(target) + "(" + id(name) + ")";
      }
      case "Uncertain" -> {
        premises.add(new String[] {"Every " + last + " that is " + a(condition) + " is " + a(target) + ".",
            "∀x (" + pred(last) + "(x) ∧ " + pred(condition) + "(x) → " + pred(target) + "(x))"});
        statement = name + " is " + a(target) + ".";
        conclusion = pred(target) + "(" + id(name) + ")";
        deciding = name + " is " + a(condition);
      }
      default -> {
        premises.add(new String[] {name + " is not " + a(last) + ".", "¬" + pred(last) + "(" + id(name) + ")"});
        statement = name + " is " + a(target) + ".";
        conclusion = pred(target) + "(" + id(name) + ")";
      }
    }
    Collections.shuffle(premises, rnd);
    List<String> sentences = premises.stream().map(p -> p[0]).toList();
    List<String> formulas = premises.stream().map(p -> p[1]).toList();
    String question =
        "Premises: " + String.join(" ", sentences) + "\nQuestion: Based only on the premises, is the statement \""
            + statement + "\" true, false, or uncertain?";
    return new LogicStory(question, sentences, formulas, statement, conclusion, label, deciding);
  }

  private static String a(String category) {
    return ("aeiou".indexOf(category.charAt(0)) >= 0 ? "an " : "a ") + category;
  }

  private static String pred(String category) {
    return Character.toUpperCase(category.charAt(0)) + category.substring(1);
  }

  private static String id(String name) {
    return name.toLowerCase(java.util.Locale.ROOT);
  }
}

package io.veritrace.reasoners.simulated;

import io.veritrace.core.Source;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates {@link RetrievalTask}s: three sheets of one product line (the asked-about model and
 * two siblings with other prices, weights, release dates and contacts), and a question about one
 * of them — its price, weight, release date or support contact — or about something no sheet
 * says (its battery life), which the right answer declines.
 */
public final class RetrievalTasks {

  private static final String[] LINES = {"Trailhead", "Summit", "Northwind", "Riverbend", "Kestrel", "Alder"};
  private static final String[] KINDS = {"backpack", "tent", "stove", "lantern", "sleeping bag", "water filter"};
  private static final String[] PEOPLE = {"Rosa Delgado", "Amir Haddad", "Lena Fischer", "Kenji Sato", "Grace Okafor", "Tomas Novak"};

  /** The four facts a sheet states, and what none states. */
  public static final List<String> ASKED = List.of("price", "weight", "released", "contact", "battery");

  private RetrievalTasks() {}

  public static RetrievalTask generate(long seed, int index, String asked) {
    if (!ASKED.contains(asked)) throw new IllegalArgumentException("unknown fact " + asked);
    Random rnd = new Random(seed * 9_176_213L + index);
    String line = LINES[rnd.nextInt(LINES.length)];
    String kind = KINDS[rnd.nextInt(KINDS.length)];
    int base = 100 + rnd.nextInt(800);
    List<Source> sources = new ArrayList<>();
    List<String[]> facts = new ArrayList<>();
    int firstContact = rnd.nextInt(PEOPLE.length);
    for (int k = 0; k < 3; k++) {
      String model = line + " " + (base + 100 * k);
      String price = "$" + (49 + rnd.nextInt(400)) + "." + (rnd.nextBoolean() ? "99" : "00");
      String weight = (5 + rnd.nextInt(40)) / 10.0 + " kg";
      String released = LocalDate.of(2019 + rnd.nextInt(6), 1 + rnd.nextInt(12), 1 + rnd.nextInt(28)).toString();
      String contact = PEOPLE[(firstContact + k) % PEOPLE.length]; // siblings differ in every fact
      String id = line.toLowerCase() + "-" + (base + 100 * k);
      sources.add(new Source(id, "Product sheet: " + model + " " + kind,
          "The " + model + " " + kind + " costs " + price + " and weighs " + weight + ". It was released on " + released
              + ". Warranty questions go to " + contact + ", product support lead."));
      facts.add(new String[] {model, price, weight, released, contact, id});
    }
    int at = rnd.nextInt(3);
    String[] f = facts.get(at);
    String neighbour = facts.get((at + 1) % 3)[5];
    String model = f[0];
    return switch (asked) {
      case "price" -> task("How much does the " + model + " " + kind + " cost?", sources,
          "The " + model + " " + kind + " costs " + f[1] + " [" + f[5] + "].", f[1], f[5], neighbour);
      case "weight" -> task("How heavy is the " + model + " " + kind + "?", sources,
          "The " + model + " " + kind + " weighs " + f[2] + " [" + f[5] + "].", f[2], f[5], neighbour);
      case "released" -> task("When was the " + model + " " + kind + " released?", sources,
          "The " + model + " " + kind + " was released on " + f[3] + " [" + f[5] + "].", f[3], f[5], neighbour);
      case "contact" -> task("Who handles warranty questions for the " + model + " " + kind + "?", sources,
          "Warranty questions for the " + model + " " + kind + " go to " + f[4] + " [" + f[5] + "].", f[4], f[5], neighbour);
      default -> new RetrievalTask("What is the battery life of the " + model + " " + kind + "?", sources, false, "",
          "", f[5], neighbour, "the battery life of the " + model + " " + kind);
    };
  }

  private static RetrievalTask task(String question, List<Source> sources, String answer, String value, String doc, String neighbour) {
    return new RetrievalTask(question, sources, true, answer, value, doc, neighbour, "");
  }
}

package io.veritrace.verifiers;

import io.veritrace.core.Outcome;
import io.veritrace.core.Proposal;
import io.veritrace.core.Query;
import io.veritrace.core.Role;
import io.veritrace.core.Turn;
import io.veritrace.core.Verdict;
import io.veritrace.core.Verifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user stated in earlier messages of a conversation must agree with what they state now,
 * whatever the reasoner writes: "Sara has 3 bags" in one message and "Sara has 5 bags" in a later
 * one end the query in REFUSE, naming both. It reads the user's own words (the conversation a
 * client resends, or the session's memory), so it works for every backend, with or without declared
 * givens. Deliberately narrow — a named owner with a count of things, an age, a price — and silent
 * on sentences that describe a change ("now", "after", "left"), so a story that moves on is no
 * contradiction: a missed contradiction costs less than a refused good question. A sentence that
 * says it corrects ("actually", "I meant", "not 31") replaces the earlier value instead of
 * contradicting it: users fix their own slips, and the later value is then the one that holds.
 */
public final class ConversationConsistency implements Verifier {

  public static final String NAME = "conversation";

  private static final String NUMBER = "(\\d[\\d,]*(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)";
  private static final Pattern OWNS = Pattern.compile(
      "\\b([A-Z][a-z]+)\\s+(?:has|had|have|owns|owned|keeps|holds)\\s+(?:exactly\\s+)?" + NUMBER + "\\s+([a-z]+)");
  private static final Pattern AGE = Pattern.compile("\\b([A-Z][a-z]+)\\s+is\\s+" + NUMBER + "\\s+years?\\s+old\\b");
  private static final Pattern PRICE = Pattern.compile("\\b[Tt]he\\s+([a-z]+)\\s+costs?\\s+\\$?" + NUMBER);
  private static final Pattern CHANGE = Pattern.compile(
      "\\b(now|then|after|afterwards|later|left|more|fewer|less|remaining|still|anymore|total|altogether|all|each|every|per)\\b",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern CORRECTION = Pattern.compile(
      "\\b(actually|correction|i meant|i mean|sorry|instead|not\\s+\\d[\\d,.]*|rather than)\\b", Pattern.CASE_INSENSITIVE);
  private static final Set<String> NOT_NAMES = Set.of("The", "There", "It", "He", "She", "They", "We", "I", "You", "This", "That",
      "Who", "What", "How", "Each", "Every", "Someone", "Everyone", "Nobody");
  private static final List<String> WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "eleven", "twelve");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Verdict> verify(Query query, Proposal proposal, List<Verdict> stepVerdicts) {
    List<String> messages = new ArrayList<>();
    for (Turn t : query.history()) if (t.role() == Role.USER) messages.add(t.text());
    messages.add(query.question());
    if (messages.size() < 2) return List.of();
    Map<String, Stated> first = new LinkedHashMap<>();
    List<Verdict> out = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      for (Fact f : FACTS.of(messages.get(i))) {
        Stated now = new Stated(f, i);
        if (f.correction) {
          first.put(f.key, now);
          continue;
        }
        Stated earlier = first.putIfAbsent(f.key, now);
        if (earlier == null || earlier.message == i || earlier.fact.value.compareTo(f.value) == 0) continue;
        boolean current = i == messages.size() - 1;
        out.add(Verdict.ending(NAME, Rules.CONSISTENCY_ESTABLISHED, -1, Outcome.REFUSE,
            "The conversation contradicts itself: an earlier message says \"" + earlier.fact.sentence + "\" but "
                + (current ? "this one" : "a later one") + " says \"" + f.sentence + "\"; " + f.what + " cannot be both "
                + earlier.fact.value.toPlainString() + " and " + f.value.toPlainString() + ".",
            earlier.fact.sentence + " | " + f.sentence));
      }
    }
    return out;
  }

  private record Fact(String key, BigDecimal value, String sentence, String what, boolean correction) {}

  /** A fact and the message (0 = the first user message) that states it. */
  private record Stated(Fact fact, int message) {}

  /** Every earlier message is read again at each check; read each once. */
  private static final TextReadings<List<Fact>> FACTS = new TextReadings<>(ConversationConsistency::facts, 64L << 20);

  private static List<Fact> facts(String text) {
    List<Fact> out = new ArrayList<>();
    for (String sentence : text.split("(?<=[.!?;])\\s+|\\n+")) {
      String s = sentence.strip();
      if (s.isEmpty() || CHANGE.matcher(s).find()) continue;
      boolean correction = CORRECTION.matcher(s).find();
      Matcher m = OWNS.matcher(s);
      while (m.find()) {
        if (NOT_NAMES.contains(m.group(1))) continue;
        String thing = singular(m.group(3));
        out.add(new Fact(m.group(1).toLowerCase(Locale.ROOT) + "|has|" + thing, number(m.group(2)), s,
            "the number of " + m.group(3) + " " + m.group(1) + " has", correction));
      }
      m = AGE.matcher(s);
      while (m.find()) {
        if (NOT_NAMES.contains(m.group(1))) continue;
        out.add(new Fact(m.group(1).toLowerCase(Locale.ROOT) + "|age", number(m.group(2)), s, m.group(1) + "'s age", correction));
      }
      m = PRICE.matcher(s);
      while (m.find()) {
        out.add(new Fact(singular(m.group(1)) + "|price", number(m.group(2)), s, "the price of the " + m.group(1), correction));
      }
    }
    return List.copyOf(out);
  }

  private static BigDecimal number(String written) {
    int word = WORDS.indexOf(written.toLowerCase(Locale.ROOT));
    return word >= 0 ? BigDecimal.valueOf(word) : new BigDecimal(written.replace(",", ""));
  }

  private static String singular(String noun) {
    String n = noun.toLowerCase(Locale.ROOT);
    return n.length() > 3 && n.endsWith("s") && !n.endsWith("ss") ? n.substring(0, n.length() - 1) : n;
  }
}

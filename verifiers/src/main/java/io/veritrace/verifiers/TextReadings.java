package io.veritrace.verifiers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a reading made of a text, kept for texts a conversation resends with every check: each
 * round of each query re-reads every earlier message, so without this a long conversation costs
 * time quadratic in its length (74 turns of 900 KB spent 20 s a turn re-reading the history).
 * Least recently used texts go first once the texts held pass a number of characters; a reading
 * must be a pure function of the text and immutable.
 */
final class TextReadings<V> {

  private final Function<String, V> reading;
  private final long maxChars;
  private final LinkedHashMap<String, V> held = new LinkedHashMap<>(64, 0.75f, true);
  private long chars;

  TextReadings(Function<String, V> reading, long maxChars) {
    this.reading = reading;
    this.maxChars = maxChars;
  }

  V of(String text) {
    synchronized (held) {
      V known = held.get(text);
      if (known != null) return known;
    }
    // read outside the lock: two threads may read the same text once each, which is harmless
    V read = reading.apply(text);
    if (text.length() > maxChars) return read;
    synchronized (held) {
      if (held.put(text, read) == null) chars += text.length();
      var oldest = held.entrySet().iterator();
      while (chars > maxChars && oldest.hasNext()) {
        Map.Entry<String, V> e = oldest.next();
        chars -= e.getKey().length();
        oldest.remove();
      }
    }
    return read;
  }

  int size() {
    synchronized (held) {
      return held.size();
    }
  }
}

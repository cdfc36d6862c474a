package io.veritrace.actors;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How much memory conversations may hold ({@code veritrace.session} in veritrace-defaults.conf):
 * no client can grow the server without bound by opening conversations or making one long.
 *
 * @param idle a conversation with no question for this long is closed
 * @param maxSessions conversations open at once; a new one beyond it closes the least recently
 *     used one with nothing running, or is refused if every one is busy
 * @param maxTurns questions one conversation may ask; later ones are refused with the reason
 * @param maxSessionBytes text one conversation may hold (its turns, UTF-16); a question past it is refused
 * @param maxTotalBytes text all conversations together may hold; past it the least recently used
 *     idle conversations are closed
 */
public record SessionLimits(Duration idle, int maxSessions, int maxTurns, long maxSessionBytes, long maxTotalBytes) {

  public static final SessionLimits DEFAULT = new SessionLimits(Session.IDLE, 10_000, 500, 16L << 20, 512L << 20);

  public SessionLimits {
    if (idle.isNegative() || idle.isZero()) throw new IllegalArgumentException("veritrace.session.idle must be positive: " + idle);
    if (maxSessions < 1 || maxTurns < 1 || maxSessionBytes < 1 || maxTotalBytes < maxSessionBytes) {
      throw new IllegalArgumentException("veritrace.session limits: max-sessions, max-turns and max-session-bytes must be positive, "
          + "max-total-bytes at least max-session-bytes");
    }
  }

  /**
   * {@code veritrace.session.*}, each setting that is absent (a library use without the defaults
   * file) at its default, with the total fitted to this JVM's heap ({@link #fittedTo}).
   */
  static SessionLimits from(Config config) {
    String at = "veritrace.session.";
    return new SessionLimits(
        config.hasPath(at + "idle") ? config.getDuration(at + "idle") : DEFAULT.idle,
        config.hasPath(at + "max-sessions") ? config.getInt(at + "max-sessions") : DEFAULT.maxSessions,
        config.hasPath(at + "max-turns") ? config.getInt(at + "max-turns") : DEFAULT.maxTurns,
        config.hasPath(at + "max-session-bytes") ? config.getBytes(at + "max-session-bytes") : DEFAULT.maxSessionBytes,
        config.hasPath(at + "max-total-bytes") ? config.getBytes(at + "max-total-bytes") : DEFAULT.maxTotalBytes)
        .fittedTo(Runtime.getRuntime().maxMemory());
  }

  /**
   * The total held to a quarter of {@code maxHeap} (never below one conversation's limit): the
   * default 512 MiB is more than a small heap holds, and 234 conversations of 900 KB took a
   * 256 MB server down with OutOfMemoryError while still under it. A quarter leaves the rest for
   * the queries in flight, which copy their history, and the journal's encoding.
   */
  SessionLimits fittedTo(long maxHeap) {
    long fitted = Math.max(maxSessionBytes, Math.min(maxTotalBytes, maxHeap / 4));
    return fitted == maxTotalBytes ? this : new SessionLimits(idle, maxSessions, maxTurns, maxSessionBytes, fitted);
  }
}

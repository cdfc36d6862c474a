package io.veritrace.runtime.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than {@code limit} characters of one: a longer line is
 * reported as too long and skipped to its end, so one hostile line cannot exhaust memory.
 */
final class BoundedLines {

  /** One line, or the fact that it was too long (then {@code text} is null). */
  record Line(int number, String text, long length) {}

  private final Reader in;
  private final int limit;
  private int number;
  private boolean done;

  BoundedLines(Reader in, int limit) {
    this.in = in;
    this.limit = limit;
  }

  /** The next line, or null at the end of input. */
  Line next() throws IOException {
    if (done) return null;
    StringBuilder sb = new StringBuilder();
    long length = 0;
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (length++ < limit) sb.append((char) c);
    }
    if (c == -1) {
      done = true;
      if (length == 0) return null;
    }
    number++;
    if (length > 0 && sb.charAt(sb.length() - 1) == '\r') sb.setLength(sb.length() - 1);
    return new Line(number, length > limit ? null : sb.toString(), length);
  }
}

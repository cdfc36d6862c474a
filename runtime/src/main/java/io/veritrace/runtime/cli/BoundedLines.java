package io.veritrace.runtime.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than {@code limit} characters of one: a longer line is
 * reported as too long and skipped to its end, so one hostile line cannot exhaust memory. A line
 * ends at {@code \n}, {@code \r\n} or a lone {@code \r} (classic Mac files), so a file with any
 * of these is read as its records, never as one huge line.
 */
final class BoundedLines {

  /** One line, or the fact that it was too long (then {@code text} is null). */
  record Line(int number, String text, long length) {}

  private final Reader in;
  private final int limit;
  private int number;
  private boolean done;
  /** The character read after a lone {@code \r} to see whether {@code \n} followed; NONE if none. */
  private int ahead = NONE;
  private static final int NONE = -2;

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
    while ((c = read()) != -1 && c != '\n' && c != '\r') {
      if (length++ < limit) sb.append((char) c);
    }
    if (c == '\r') {
      int d = in.read();
      if (d != '\n') ahead = d;
    }
    if (c == -1) {
      done = true;
      if (length == 0) return null;
    }
    number++;
    return new Line(number, length > limit ? null : sb.toString(), length);
  }

  private int read() throws IOException {
    if (ahead == NONE) return in.read();
    int c = ahead;
    ahead = NONE;
    return c;
  }
}

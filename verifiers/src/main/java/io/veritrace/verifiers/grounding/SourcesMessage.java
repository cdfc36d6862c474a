package io.veritrace.verifiers.grounding;

import io.veritrace.core.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sources carried in a system message, for clients that cannot add fields to a chat request
 * (format in {@code docs/sources.md}):
 *
 * <pre>
 * [veritrace sources v1]
 * &lt;source id="refund-policy" title="Refund Policy"&gt;
 * Returns are accepted within 30 days.
 * &lt;/source&gt;
 * </pre>
 *
 * The text between the tags is verbatim; a text line that is {@code </source>} itself is written
 * with a backslash before it, and one leading backslash is removed from any line of backslashes
 * followed by {@code </source>}. Attribute values escape {@code & " < >} as XML entities. Texts
 * are stripped of leading and trailing blank space.
 */
public final class SourcesMessage {

  public static final String HEADER = "[veritrace sources v1]";

  private static final Pattern OPEN =
      Pattern.compile("<source\\s+id=\"([^\"]*)\"(?:\\s+title=\"([^\"]*)\")?\\s*>");
  private static final Pattern STUFFED_CLOSE = Pattern.compile("\\\\+</source>");

  private SourcesMessage() {}

  /** Whether a system message is a sources message: its first non-blank line is the header. */
  public static boolean isSourcesMessage(String message) {
    return message != null && message.stripLeading().startsWith(HEADER);
  }

  public static List<Source> parse(String message) {
    if (!isSourcesMessage(message)) {
      throw new SourceFormatException("a sources message starts with the line " + HEADER);
    }
    String[] lines = message.stripLeading().split("\r?\n", -1);
    if (!lines[0].strip().equals(HEADER)) {
      throw new SourceFormatException("line 1: the header " + HEADER + " must be alone on its line");
    }
    List<Source> sources = new ArrayList<>();
    int i = 1;
    while (i < lines.length) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        i++;
        continue;
      }
      Matcher open = OPEN.matcher(line);
      if (!open.matches()) {
        throw new SourceFormatException(
            "line " + (i + 1) + ": expected <source id=\"...\" title=\"...\"> but found '" + SourceShelf.clip(line, 60) + "'");
      }
      int openedAt = i + 1;
      StringBuilder text = new StringBuilder();
      i++;
      boolean closed = false;
      while (i < lines.length) {
        String body = lines[i];
        if (body.strip().equals("</source>")) {
          closed = true;
          i++;
          break;
        }
        if (text.length() > 0 || i > openedAt) text.append('\n');
        text.append(STUFFED_CLOSE.matcher(body.strip()).matches() ? body.strip().substring(1) : body);
        i++;
      }
      if (!closed) throw new SourceFormatException("line " + openedAt + ": <source> is never closed by </source>");
      String id = unescape(open.group(1));
      String title = open.group(2) == null ? "" : unescape(open.group(2));
      sources.add(new Source(id, title, text.toString().strip()));
    }
    SourceIds.check(sources, "sources message");
    return List.copyOf(sources);
  }

  /**
   * The sources message for {@code sources}; {@code parse(write(s))} gives back {@code s} with
   * each text stripped of leading and trailing blank space.
   */
  public static String write(List<Source> sources) {
    SourceIds.check(sources, "sources");
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (Source s : sources) {
      b.append("<source id=\"").append(escape(s.id())).append('"');
      if (!s.title().isEmpty()) b.append(" title=\"").append(escape(s.title())).append('"');
      b.append(">\n");
      for (String line : s.text().strip().split("\r?\n", -1)) {
        boolean close = line.strip().equals("</source>") || STUFFED_CLOSE.matcher(line.strip()).matches();
        b.append(close ? "\\" + line.strip() : line).append('\n');
      }
      b.append("</source>\n");
    }
    return b.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\n", " ");
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }
}

package io.veritrace.verifiers.grounding;

import io.veritrace.core.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A citation marker in an answer: {@code [2]} (the second source, or the source whose id is
 * "2"), {@code [refund-policy]}, {@code [1, 3]}, {@code [^2]}. A bracket whose words look like
 * prose ({@code [sic]}, {@code [emphasis added]}) is not a citation unless it names a source id;
 * a Markdown link {@code [text](url)} never is.
 *
 * @param start where the marker starts in the text
 * @param end where it ends
 * @param refs the references it lists, as written
 */
public record CitationMark(int start, int end, List<String> refs) {

  private static final Pattern MARK = Pattern.compile("\\[([^\\[\\]\\n]{1,160})\\](?!\\()");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final Pattern PREFIX =
      Pattern.compile("^(?:\\^|#|(?:source|doc|document|ref)(?:\\s*[#:]\\s*|\\s+))", Pattern.CASE_INSENSITIVE);

  public CitationMark {
    refs = List.copyOf(refs);
  }

  /** The citation markers in {@code text}, in order. */
  public static List<CitationMark> in(String text, List<Source> sources) {
    List<CitationMark> marks = new ArrayList<>();
    Matcher m = MARK.matcher(text);
    while (m.find()) {
      List<String> refs = new ArrayList<>();
      boolean citation = true;
      for (String item : m.group(1).split("[,;]")) {
        String ref = PREFIX.matcher(item.strip()).replaceFirst("").strip();
        if (ref.isEmpty()) continue;
        if (!REF.matcher(ref).matches() || !looksLikeReference(ref, sources)) {
          citation = false;
          break;
        }
        refs.add(ref);
      }
      if (citation && !refs.isEmpty()) marks.add(new CitationMark(m.start(), m.end(), refs));
    }
    return marks;
  }

  private static boolean looksLikeReference(String ref, List<Source> sources) {
    if (resolve(ref, sources).isPresent()) return true;
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (Character.isDigit(c) || c == '-' || c == '_' || c == '.' || c == ':') return true;
    }
    return false;
  }

  /** The source a reference names: by id (exact, then ignoring case), then by 1-based position. */
  public static Optional<Source> resolve(String ref, List<Source> sources) {
    for (Source s : sources) if (s.id().equals(ref)) return Optional.of(s);
    for (Source s : sources) if (s.id().equalsIgnoreCase(ref)) return Optional.of(s);
    if (ref.chars().allMatch(Character::isDigit) && ref.length() <= 6) {
      int n = Integer.parseInt(ref);
      if (n >= 1 && n <= sources.size()) return Optional.of(sources.get(n - 1));
    }
    return Optional.empty();
  }

  /** How a verdict names a source: {@code [id] "Title"}. */
  static String describe(Source source) {
    return "[" + source.id() + "]" + (source.title().isBlank() ? "" : " \"" + source.title() + "\"");
  }

  /** The ids of {@code sources}, for telling a reader what could have been cited. */
  static String ids(List<Source> sources) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sources.size() && i < 12; i++) ids.add(sources.get(i).id());
    String list = String.join(", ", ids);
    return sources.size() > 12 ? list + ", ..." : list;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}

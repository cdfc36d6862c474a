package io.veritrace.verifiers.grounding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritrace.core.Query;
import io.veritrace.core.Source;
import io.veritrace.core.Verdict;
import io.veritrace.verifiers.CheckSuite;
import io.veritrace.verifiers.SolutionAudit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Right and wrong grounded answers built from real Wikipedia paragraphs (SQuAD 2.0), by rules that
 * know nothing of the grounding checks: a right answer is a sentence or a clause of the cited
 * paragraph, copied verbatim with its citation; a wrong one is the same with one name, number or
 * year replaced by one from another article. Seeded: the same seed gives the same cases.
 *
 * <pre>
 * ./veritrace --help &gt; /dev/null; mvn -o -q -pl verifiers -am test-compile
 * java -cp verifiers/target/test-classes:runtime/target/veritrace.jar \
 *   io.veritrace.verifiers.grounding.SquadGrounding verifiers/src/test/resources/squad/paragraphs.jsonl 11 out/
 * ./veritrace check --sources verifiers/src/test/resources/squad/paragraphs.jsonl out/right.jsonl
 * ./veritrace check --sources verifiers/src/test/resources/squad/paragraphs.jsonl out/swapped.jsonl
 * </pre>
 */
final class SquadGrounding {

  /** What a case is: right (sentence or clause), or wrong (which kind of specific was swapped). */
  enum Kind {
    SENTENCE(true), CLAUSE(true), UNNAMED_SPAN(true), NAME(false), SENTENCE_START_NAME(false), NUMBER(false), YEAR(false);

    final boolean right;

    Kind(boolean right) {
      this.right = right;
    }
  }

  record Case(Kind kind, String question, List<Source> sources, String solution, String swapped) {
    Query query(int n) {
      return new Query("squad-" + n, "squad", question, List.of(), List.of(), sources, "2026-11-30");
    }
  }

  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\"“(])");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])\\d{1,3}(?:,\\d{3})+(?![\\w,]\\d)|(?<![\\w.,])\\d+(?:\\.\\d+)?(?![\\w]|[.,]\\d)");
  private static final Pattern YEAR = Pattern.compile("\\b(1[0-9]|20)\\d\\d\\b");
  /** A capitalised run: one or more capitalised words (of any script), with "of"/"de" inside. */
  private static final Pattern NAME =
      Pattern.compile("\\p{Lu}[\\p{L}\\p{M}]+(?:\\s(?:of\\s|de\\s)?\\p{Lu}[\\p{L}\\p{M}]+)*");
  /** Words that start sentences without naming anything, for the swap generator only. */
  private static final java.util.Set<String> COMMON =
      java.util.Set.of("The", "A", "An", "In", "On", "At", "It", "This", "That", "These", "Those", "He", "She",
          "They", "His", "Her", "Its", "Their", "As", "By", "For", "From", "After", "Before", "During", "When",
          "While", "Although", "However", "Many", "Most", "Some", "Other", "Such", "There", "Since", "Under",
          "With", "Of", "To", "One", "Two", "But", "And", "Also", "Because", "If", "Both", "Each", "All", "Several");

  private final List<Source> paragraphs;

  SquadGrounding(List<Source> paragraphs) {
    this.paragraphs = List.copyOf(paragraphs);
  }

  static SquadGrounding load(Path file) throws IOException {
    return new SquadGrounding(SourcesFile.read(file));
  }

  /** {@code perKind} cases of each kind, drawn with {@code seed}. */
  List<Case> cases(long seed, int perKind) {
    Random random = new Random(seed);
    List<Case> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      int made = 0;
      for (int attempt = 0; made < perKind && attempt < perKind * 50; attempt++) {
        Source cited = paragraphs.get(random.nextInt(paragraphs.size()));
        List<String> sentences = sentences(cited.text());
        String sentence = sentences.get(random.nextInt(sentences.size()));
        Case c = make(kind, cited, sentence, random);
        if (c != null) {
          out.add(c);
          made++;
        }
      }
    }
    return out;
  }

  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : SENTENCE_END.split(text.strip())) if (s.split(" ").length >= 4) out.add(s.strip());
    return out.isEmpty() ? List.of(text.strip()) : out;
  }

  private Case make(Kind kind, Source cited, String sentence, Random random) {
    List<Source> sources = new ArrayList<>(List.of(cited));
    Source other = otherArticle(cited, random);
    sources.add(other);
    sources.add(otherArticle(cited, random));
    java.util.Collections.shuffle(sources, random);
    String question = "What does the article on " + cited.title() + " say?";
    String cite = " [" + cited.id() + "]";
    switch (kind) {
      case SENTENCE -> {
        return new Case(kind, question, sources, sentence + cite, "");
      }
      case CLAUSE, UNNAMED_SPAN -> {
        List<String> clauses = new ArrayList<>();
        for (String c : sentence.split(",\\s+|;\\s+|:\\s+|\\s+—\\s+")) {
          String clause = c.replaceAll("[.!?]+$", "").strip();
          boolean unnamed = NAME.matcher(clause.substring(Math.min(1, clause.length()))).find() || clause.matches(".*\\d.*");
          if (clause.split(" ").length >= 4 && (kind == Kind.CLAUSE || !unnamed)) clauses.add(clause);
        }
        if (clauses.isEmpty()) return null;
        return new Case(kind, question, sources, clauses.get(random.nextInt(clauses.size())) + cite, "");
      }
      default -> {
        return swapped(kind, question, sources, cited, sentence, cite, random);
      }
    }
  }

  /** The sentence with one specific of {@code kind} replaced by one of another article's. */
  private Case swapped(Kind kind, String question, List<Source> sources, Source cited, String sentence, String cite, Random random) {
    List<int[]> spans = spans(kind, sentence, cited.text());
    if (spans.isEmpty()) return null;
    int[] span = spans.get(random.nextInt(spans.size()));
    String original = sentence.substring(span[0], span[1]);
    for (int tries = 0; tries < 20; tries++) {
      Source donor = otherArticle(cited, random);
      List<String> donorSentences = sentences(donor.text());
      String donorSentence = donorSentences.get(random.nextInt(donorSentences.size()));
      List<int[]> candidates = spans(kind == Kind.SENTENCE_START_NAME ? Kind.NAME : kind, donorSentence, donor.text());
      if (candidates.isEmpty()) continue;
      int[] d = candidates.get(random.nextInt(candidates.size()));
      String replacement = donorSentence.substring(d[0], d[1]);
      if (replacement.equals(original) || occurs(replacement, cited.text()) || occurs(replacement, question)) continue;
      if (kind == Kind.NUMBER && replacement.replaceAll("\\D", "").length() != original.replaceAll("\\D", "").length()) continue;
      String wrong = sentence.substring(0, span[0]) + replacement + sentence.substring(span[1]);
      return new Case(kind, question, sources, wrong + cite, original + " → " + replacement);
    }
    return null;
  }

  /** Where the sentence has a specific of {@code kind}, found without the grounding code. */
  static List<int[]> spans(Kind kind, String sentence, String paragraph) {
    List<int[]> out = new ArrayList<>();
    Matcher m =
        switch (kind) {
          case NUMBER -> NUMBER.matcher(sentence);
          case YEAR -> YEAR.matcher(sentence);
          default -> NAME.matcher(sentence);
        };
    while (m.find()) {
      String found = m.group();
      if (kind == Kind.NUMBER && YEAR.matcher(found).matches()) continue;
      // a footnote marker ("[n 2]", "[17]") states nothing: changing it changes no fact
      if (kind == Kind.NUMBER && sentence.lastIndexOf('[', m.start()) > sentence.lastIndexOf(']', m.start())) continue;
      if (kind == Kind.NAME || kind == Kind.SENTENCE_START_NAME) {
        boolean atStart = m.start() == 0 || sentence.substring(0, m.start()).matches(".*:\\s*");
        if (kind == Kind.SENTENCE_START_NAME != atStart) continue;
        if (COMMON.contains(found.split("\\s")[0])) continue;
        // a capital at a sentence's start proves nothing: a one-word name there must be written
        // capitalized mid-sentence elsewhere in the paragraph too
        if (atStart && !found.contains(" ") && !Pattern.compile("[a-z,;]\\s" + Pattern.quote(found) + "\\b").matcher(paragraph).find()) continue;
        if (found.length() < 3) continue;
        // a month or weekday is a date, not a name
        if (found.matches("(?:January|February|March|April|May|June|July|August|September|October|November|December"
            + "|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b.*")) continue;
      }
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }

  private static boolean occurs(String needle, String hay) {
    return hay.toLowerCase(Locale.ROOT).contains(needle.toLowerCase(Locale.ROOT));
  }

  private Source otherArticle(Source cited, Random random) {
    while (true) {
      Source s = paragraphs.get(random.nextInt(paragraphs.size()));
      if (!s.title().equals(cited.title())) return s;
    }
  }

  /** What the audit of each case found, by kind and by rule. */
  static final class Report {
    final Map<Kind, int[]> byKind = new TreeMap<>(); // cases, accepted, rejected
    final Map<Kind, Map<String, Integer>> rules = new TreeMap<>();
    final List<String> misses = new ArrayList<>();

    void add(Case c, SolutionAudit audit) {
      int[] counts = byKind.computeIfAbsent(c.kind(), k -> new int[3]);
      counts[0]++;
      if (audit.accepted()) counts[1]++;
      if (!audit.failures().isEmpty()) counts[2]++;
      TreeSet<String> fired = new TreeSet<>();
      for (Verdict v : audit.failures()) fired.add(v.rule());
      for (String r : fired) rules.computeIfAbsent(c.kind(), k -> new TreeMap<>()).merge(r, 1, Integer::sum);
      boolean miss = c.kind().right ? !audit.accepted() : audit.failures().isEmpty();
      if (miss) {
        misses.add(c.kind() + " " + c.swapped() + " | " + c.solution() + "\n    " + audit.outcome() + " "
            + audit.verdicts().stream().filter(v -> v.rejects() || c.kind().right).map(v -> v.rule() + " " + v.grade() + ": " + v.message()).toList());
      }
    }

    double rate(Kind kind, int column) {
      int[] counts = byKind.get(kind);
      return counts == null ? Double.NaN : counts[column] / (double) counts[0];
    }

    void print(PrintStream out) {
      out.printf("%-22s %6s %9s %9s   %s%n", "kind", "cases", "accepted", "rejected", "rules that rejected (cases)");
      byKind.forEach((kind, c) -> out.printf("%-22s %6d %8.1f%% %8.1f%%   %s%n", (kind.right ? "right " : "swapped ") + kind.name().toLowerCase(Locale.ROOT),
          c[0], 100.0 * c[1] / c[0], 100.0 * c[2] / c[0], rules.getOrDefault(kind, Map.of())));
    }
  }

  static Report audit(List<Case> cases, CheckSuite suite) {
    Report report = new Report();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      report.add(c, SolutionAudit.of(suite, c.query(i), c.solution()));
    }
    return report;
  }

  /**
   * {@code PARAGRAPHS SEED OUTDIR [PER_KIND]}: writes {@code right.jsonl} and {@code swapped.jsonl}
   * for {@code check --sources PARAGRAPHS} (200 cases a kind unless PER_KIND), prints the table and
   * every miss.
   */
  public static void main(String[] args) throws IOException {
    SquadGrounding squad = load(Path.of(args[0]));
    List<Case> cases = squad.cases(Long.parseLong(args[1]), args.length > 3 ? Integer.parseInt(args[3]) : 200);
    Path dir = Files.createDirectories(Path.of(args[2]));
    ObjectMapper json = new ObjectMapper();
    try (Writer right = Files.newBufferedWriter(dir.resolve("right.jsonl"), StandardCharsets.UTF_8);
        Writer wrong = Files.newBufferedWriter(dir.resolve("swapped.jsonl"), StandardCharsets.UTF_8)) {
      for (Case c : cases) {
        ObjectNode line = json.createObjectNode().put("question", c.question()).put("solution", c.solution());
        line.putArray("sources").addAll(c.sources().stream().map(s -> json.getNodeFactory().textNode(s.id())).toList());
        line.put("reference_date", "2026-11-30").put("kind", c.kind().name().toLowerCase(Locale.ROOT));
        (c.kind().right ? right : wrong).write(json.writeValueAsString(line) + "\n");
      }
    }
    Report report = audit(cases, CheckSuite.standard());
    report.print(System.out);
    report.misses.forEach(m -> System.out.println("  miss " + m));
  }
}

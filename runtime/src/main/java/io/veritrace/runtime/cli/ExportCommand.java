package io.veritrace.runtime.cli;

import io.veritrace.actors.journal.FileTraceJournal;
import io.veritrace.actors.journal.JournalBatch;
import io.veritrace.actors.journal.TraceJournal;
import io.veritrace.runtime.Journals;
import io.veritrace.runtime.Settings;
import io.veritrace.trainer.DatasetBuilder;
import io.veritrace.trainer.DatasetCard;
import io.veritrace.trainer.Gsm8kReplay;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code veritrace export --kind sft|dpo|refusal|all --out DIR [--since OFFSET]}: turns the
 * journal's traces into TRL datasets with a card. With {@code --consumer NAME} it starts where
 * that consumer last committed and commits the end when the files are written, so a trainer
 * picks up where it left off (a crash before the commit re-exports the same traces, and the
 * dedupe makes that harmless).
 */
public final class ExportCommand implements Command {

  private static final int PAGE = 1000;

  @Override
  public String name() {
    return "export";
  }

  @Override
  public String summary() {
    return "journal traces into TRL datasets: export --kind sft|dpo|refusal|all --out DIR [--since OFFSET] [--consumer NAME]";
  }

  @Override
  public int run(List<String> argv, InputStream in, PrintStream out, PrintStream err) throws Exception {
    Args args = Args.parse(argv, List.of()).allow(List.of("kind", "out", "since", "consumer", "journal", "replay",
        "replay-share", "eval-percent", "seed"));
    if (!args.positionals().isEmpty() || args.get("out", "").isEmpty()) {
      throw new Args.UsageException("usage: veritrace export --kind sft|dpo|refusal|all --out DIR [--since OFFSET] "
          + "[--consumer NAME] [--journal DIR] [--replay FILE] [--replay-share 0.15] [--eval-percent 10]");
    }
    Set<DatasetBuilder.Kind> kinds = kinds(args.get("kind", "all"));
    double share = args.doubleValue("replay-share", DatasetBuilder.Options.DEFAULT.replayShare());
    DatasetBuilder.Options options;
    try {
      options = new DatasetBuilder.Options(kinds, share, args.intValue("eval-percent", 10), args.longValue("seed", 1));
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(e.getMessage());
    }
    Path replayFile = Journals.resolve(args.get("replay", "data/gsm8k/train.jsonl"));
    List<DatasetBuilder.ReplayExample> replay = kinds.contains(DatasetBuilder.Kind.SFT) && share > 0
        ? Gsm8kReplay.load(replayFile) : List.of();

    Settings settings = Settings.load();
    String journalArg = args.get("journal", "");
    TraceJournal journal = journalArg.isEmpty()
        ? Journals.openForReading(settings.config()).orElseThrow(() -> new Args.UsageException("no journal is configured (veritrace.journal.kind = none)"))
        : FileTraceJournal.openForReading(Path.of(journalArg));
    try (journal) {
      String consumer = args.get("consumer", "");
      long from = args.longValue("since", consumer.isEmpty() ? 0 : journal.committed(consumer));
      long end = journal.end();
      DatasetBuilder builder = new DatasetBuilder(options);
      int traces = 0;
      int corrupt = 0;
      long at = from;
      err.printf("exporting %s from offset %d to %d...%n", kinds, from, end);
      while (at < end) {
        JournalBatch batch = journal.read(at, PAGE);
        for (JournalBatch.Entry e : batch.entries()) builder.add(e.trace());
        for (JournalBatch.Corruption c : batch.corruptions()) {
          err.printf("  skipped a corrupt record in %s at offset %d: %s%n", c.where(), c.offset(), c.reason());
        }
        traces += batch.entries().size();
        corrupt += batch.corruptions().size();
        if (batch.next() <= at) break;
        at = batch.next();
        err.printf("  %d traces read (offset %d of %d)%n", traces, at, end);
      }
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("journal", journalArg.isEmpty() ? settings.config().getString("veritrace.journal.kind") : journalArg);
      provenance.put("from", from);
      provenance.put("to", at);
      provenance.put("corruptRecordsSkipped", corrupt);
      Path dir = Path.of(args.get("out", ""));
      Files.createDirectories(dir);
      DatasetCard card = builder.write(dir, replay, provenance);
      if (!consumer.isEmpty()) journal.commit(consumer, at);
      out.printf("wrote %s to %s from %d traces (offsets %d-%d): %s%n", card.files(), dir, traces, from, at, card.counts());
    }
    return 0;
  }

  private static Set<DatasetBuilder.Kind> kinds(String kind) {
    return switch (kind) {
      case "all" -> EnumSet.allOf(DatasetBuilder.Kind.class);
      case "sft" -> EnumSet.of(DatasetBuilder.Kind.SFT);
      case "dpo" -> EnumSet.of(DatasetBuilder.Kind.DPO);
      case "refusal" -> EnumSet.of(DatasetBuilder.Kind.REFUSAL);
      default -> throw new Args.UsageException("--kind must be sft, dpo, refusal or all, not '" + kind + "'");
    };
  }
}

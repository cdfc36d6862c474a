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
import picocli.CommandLine;

/**
 * {@code veritrace export --kind sft|dpo|refusal|all --out DIR [--since OFFSET]}: turns the
 * journal's traces into TRL datasets with a card. With {@code --consumer NAME} it starts where
 * that consumer last committed and commits the end when the files are written, so a trainer
 * picks up where it left off (a crash before the commit re-exports the same traces, and the
 * dedupe makes that harmless).
 */
@CommandLine.Command(name = "export", sortOptions = false,
    description = "Write the journal's traces as Hugging Face TRL datasets (SFT, DPO, refusals) with a dataset card.")
public final class ExportCommand extends Command {

  private static final int PAGE = 1000;

  @CommandLine.Option(names = "--out", paramLabel = "DIR", required = true, description = "the folder the datasets are written to")
  private String outDir;

  @CommandLine.Option(names = "--kind", paramLabel = "sft|dpo|refusal|all", defaultValue = "all", description = "which datasets (default: ${DEFAULT-VALUE})")
  private String kind;

  @CommandLine.Option(names = "--since", paramLabel = "OFFSET", description = "the journal offset to start from (default: 0, or where --consumer left off)")
  private Long since;

  @CommandLine.Option(names = "--consumer", paramLabel = "NAME", description = "start where NAME last committed, and commit the end once written")
  private String consumerName;

  @CommandLine.Option(names = "--journal", paramLabel = "DIR", description = "a journal folder (default: veritrace.journal: var/journal)")
  private String journalDir;

  @CommandLine.Option(names = "--replay", paramLabel = "FILE", defaultValue = "data/gsm8k/train.jsonl",
      description = "general reasoning replayed into the SFT set (default: ${DEFAULT-VALUE})")
  private String replay;

  @CommandLine.Option(names = "--replay-share", paramLabel = "SHARE", description = "share of the SFT set replayed (default: 0.15)")
  private Double replayShare;

  @CommandLine.Option(names = "--eval-percent", paramLabel = "P", defaultValue = "10", description = "percent of prompts held out for eval (default: ${DEFAULT-VALUE})")
  private int evalPercent;

  @CommandLine.Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "the seed of the replay sample (default: ${DEFAULT-VALUE})")
  private long seed;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Set<DatasetBuilder.Kind> kinds = kinds(kind);
    double share = replayShare != null ? replayShare : DatasetBuilder.Options.DEFAULT.replayShare();
    DatasetBuilder.Options options;
    try {
      options = new DatasetBuilder.Options(kinds, share, evalPercent, seed);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Path replayFile = Journals.resolve(replay);
    List<DatasetBuilder.ReplayExample> replay = kinds.contains(DatasetBuilder.Kind.SFT) && share > 0
        ? Gsm8kReplay.load(replayFile) : List.of();

    Settings settings = Settings.load();
    String journalArg = journalDir == null ? "" : journalDir;
    TraceJournal journal = journalArg.isEmpty()
        ? Journals.openForReading(settings.config()).orElseThrow(() -> new UsageException("no journal is configured (veritrace.journal.kind = none)"))
        : FileTraceJournal.openForReading(Path.of(journalArg));
    try (journal) {
      String consumer = consumerName == null ? "" : consumerName;
      long from = since != null ? since : consumer.isEmpty() ? 0 : journal.committed(consumer);
      long end = journal.end();
      DatasetBuilder builder = new DatasetBuilder(options);
      int[] traces = {0};
      int[] corrupt = {0};
      int[] partial = {0};
      err.printf("exporting %s from offset %d to %d...%n", kinds, from, end);
      long at = journal.read(from, end, PAGE, batch -> {
        for (JournalBatch.Entry e : batch.entries()) builder.add(e.trace());
        for (JournalBatch.Corruption c : batch.corruptions()) {
          err.printf(c.lost() ? "  skipped a corrupt record in %s at offset %d: %s%n" : "  a record in %s at offset %d is exported in part: %s%n",
              c.where(), c.offset(), c.reason());
          if (c.lost()) corrupt[0]++;
          else partial[0]++;
        }
        traces[0] += batch.entries().size();
        err.printf("  %d traces read (offset %d of %d)%n", traces[0], batch.next(), end);
      });
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("journal", journalArg.isEmpty() ? settings.config().getString("veritrace.journal.kind") : journalArg);
      provenance.put("from", from);
      provenance.put("to", at);
      provenance.put("corruptRecordsSkipped", corrupt[0]);
      provenance.put("tracesWithPartHistoryLost", partial[0]);
      Path dir = Path.of(outDir);
      Files.createDirectories(dir);
      DatasetCard card = builder.write(dir, replay, provenance);
      if (!consumer.isEmpty()) journal.commit(consumer, at);
      out.printf("wrote %s to %s from %d traces (offsets %d-%d): %s%n", card.files(), dir, traces[0], from, at, card.counts());
    }
    return 0;
  }

  private static Set<DatasetBuilder.Kind> kinds(String kind) {
    return switch (kind) {
      case "all" -> EnumSet.allOf(DatasetBuilder.Kind.class);
      case "sft" -> EnumSet.of(DatasetBuilder.Kind.SFT);
      case "dpo" -> EnumSet.of(DatasetBuilder.Kind.DPO);
      case "refusal" -> EnumSet.of(DatasetBuilder.Kind.REFUSAL);
      default -> throw new UsageException("--kind must be sft, dpo, refusal or all, not '" + kind + "'");
    };
  }
}

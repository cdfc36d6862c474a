package io.veritrace.runtime.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * One subcommand of {@code ./veritrace}. Its options are picocli {@code @Option} fields, so the
 * usage text is generated from what it accepts; {@link Cli} runs it from the command line and
 * {@link #run} from code, both with the streams the command is given.
 */
public abstract class Command implements Callable<Integer> {

  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  private InputStream in = System.in;
  private PrintStream out = System.out;
  private PrintStream err = System.err;

  /** Runs the command, its options already set; returns the process exit code. */
  protected abstract int execute(InputStream in, PrintStream out, PrintStream err) throws Exception;

  @Override
  public final Integer call() throws Exception {
    return execute(in, out, err);
  }

  final Command streams(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
    return this;
  }

  /**
   * Parses {@code argv} into this command's options and runs it (for tests and embedding): a
   * parse error is a {@link UsageException}, {@code --help} prints the usage to {@code out}.
   */
  public final int run(List<String> argv, InputStream in, PrintStream out, PrintStream err) throws Exception {
    CommandLine line = Cli.configure(new CommandLine(this));
    try {
      line.parseArgs(argv.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage());
    }
    if (line.isUsageHelpRequested()) {
      line.usage(out);
      return 0;
    }
    return streams(in, out, err).call();
  }
}

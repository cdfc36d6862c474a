package io.veritrace.runtime.cli;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The {@code ./veritrace} command line: the subcommands, {@code help}, {@code completion} (a bash
 * and zsh completion script generated from the options), one error format and documented exit
 * codes. Help is coloured only when it goes to a terminal (picocli's {@code Ansi.AUTO}).
 */
@CommandLine.Command(
    name = "veritrace",
    description = "Verifies a language model's reasoning: answers are VERIFIED, CLARIFY or REFUSE.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ServeCommand.class, AskCommand.class, SimulateCommand.class, CheckCommand.class, LogicCommand.class,
        ExportCommand.class, TrainCommand.class, AdaptersCommand.class, BenchCommand.class, ExamplesCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'veritrace COMMAND --help' for a command's options. Shell completion: "
        + "source <(./veritrace completion)"})
public final class Cli implements Callable<Integer> {

  /** 0 done, 1 failed while running, 2 a usage mistake; printed in every command's help. */
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private static final Map<String, String> EXIT_CODES = exitCodes();

  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  private boolean help;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  private PrintStream err = System.err;

  /** {@code veritrace} with no command: the usage, as a usage mistake. */
  @Override
  public Integer call() {
    spec.commandLine().usage(err);
    return USAGE;
  }

  /** Runs {@code argv} as {@code ./veritrace} would, with these streams; returns the exit code. */
  public static int execute(List<String> argv, InputStream in, PrintStream out, PrintStream err) {
    return commandLine(in, out, err).execute(argv.toArray(String[]::new));
  }

  /** The whole command line, every command reading and writing the given streams. */
  public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
    Cli top = new Cli();
    top.err = err;
    CommandLine line = new CommandLine(top);
    line.addSubcommand("completion", new AutoComplete.GenerateCompletion());
    CommandLine.Model.CommandSpec completion = line.getSubcommands().get("completion").getCommandSpec();
    completion.name("completion").usageMessage().hidden(false).description("Print a bash/zsh completion script for veritrace: source <(./veritrace completion)");
    for (CommandLine sub : line.getSubcommands().values()) {
      if (sub.getCommand() instanceof Command c) c.streams(in, out, err);
    }
    line.setOut(writer(out)).setErr(writer(err));
    return configure(line);
  }

  /** Error handling, exit codes and colour for a command line and all its subcommands. */
  static CommandLine configure(CommandLine line) {
    line.setParameterExceptionHandler(Cli::usageMistake);
    line.setExecutionExceptionHandler(Cli::failure);
    apply(line);
    return line;
  }

  private static void apply(CommandLine line) {
    line.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
    line.getSubcommands().values().forEach(Cli::apply);
  }

  private static int usageMistake(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter w = cmd.getErr();
    w.println(name(cmd) + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, w);
    w.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
    w.flush();
    return USAGE;
  }

  private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter w = cmd.getErr();
    if (e instanceof UsageException) {
      w.println(name(cmd) + ": " + e.getMessage());
      w.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for its options.");
      w.flush();
      return USAGE;
    }
    w.println(name(cmd) + ": " + e);
    w.flush();
    return FAILED;
  }

  private static String name(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  private static PrintWriter writer(PrintStream s) {
    return new PrintWriter(new OutputStreamWriter(s, StandardCharsets.UTF_8), true);
  }

  private static Map<String, String> exitCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("0", "done (an answer that is not VERIFIED is still a result, not an error)");
    codes.put("1", "failed while running: a file that cannot be read, a model server that fails, ...");
    codes.put("2", "usage mistake: an unknown option, a bad value, a missing argument");
    return Collections.unmodifiableMap(codes);
  }
}

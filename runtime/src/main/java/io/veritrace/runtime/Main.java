package io.veritrace.runtime;

import io.veritrace.runtime.cli.Args;
import io.veritrace.runtime.cli.AskCommand;
import io.veritrace.runtime.cli.BenchCommand;
import io.veritrace.runtime.cli.CheckCommand;
import io.veritrace.runtime.cli.LogicCommand;
import io.veritrace.runtime.cli.Command;
import io.veritrace.runtime.cli.ExportCommand;
import io.veritrace.runtime.cli.ServeCommand;
import io.veritrace.runtime.cli.SimulateCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Entry point of {@code ./veritrace}: dispatches to a subcommand. */
public final class Main {

  private static final List<Command> COMMANDS =
      List.of(new ServeCommand(), new AskCommand(), new SimulateCommand(), new CheckCommand(), new LogicCommand(), new ExportCommand(), new BenchCommand());

  private Main() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    if (argv.length == 0 || argv[0].equals("help") || argv[0].equals("--help")) {
      usage();
      return argv.length == 0 ? 2 : 0;
    }
    Optional<Command> command = COMMANDS.stream().filter(c -> c.name().equals(argv[0])).findFirst();
    if (command.isEmpty()) {
      System.err.println("veritrace: unknown command '" + argv[0] + "'");
      usage();
      return 2;
    }
    try {
      return command
          .get()
          .run(Arrays.asList(argv).subList(1, argv.length), System.in, System.out, System.err);
    } catch (Args.UsageException e) {
      System.err.println("veritrace " + argv[0] + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      System.err.println("veritrace " + argv[0] + ": " + e);
      return 1;
    }
  }

  private static void usage() {
    System.err.println("usage: veritrace COMMAND [options]\n\ncommands:");
    for (Command c : COMMANDS) System.err.printf("  %-10s %s%n", c.name(), c.summary());
  }
}

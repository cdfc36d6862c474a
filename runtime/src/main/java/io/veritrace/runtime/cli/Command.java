package io.veritrace.runtime.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code ./veritrace}. */
public interface Command {

  /** The word that selects it: {@code check}, {@code simulate}, ... */
  String name();

  /** One line for the usage text. */
  String summary();

  /** Runs the command; returns the process exit code. */
  int run(List<String> args, InputStream in, PrintStream out, PrintStream err) throws Exception;
}

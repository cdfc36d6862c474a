package io.veritrace.runtime;

import io.veritrace.runtime.cli.Cli;
import java.util.Arrays;
import org.slf4j.LoggerFactory;

/** Entry point of {@code ./veritrace}: the command line is {@link Cli}. */
public final class Main {

  private Main() {}

  public static void main(String[] argv) {
    // Logging is set up here, on one thread, before any library logs: when Pekko or Kamon threads
    // ask for loggers while SLF4J is still initialising, SLF4J prints "replay" warnings.
    LoggerFactory.getILoggerFactory();
    System.exit(Cli.execute(Arrays.asList(argv), System.in, System.out, System.err));
  }
}

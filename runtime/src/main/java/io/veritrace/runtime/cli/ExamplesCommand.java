package io.veritrace.runtime.cli;

import io.veritrace.reasoners.simulated.WordProblem;
import io.veritrace.runtime.SimulatedExamples;
import java.io.InputStream;
import java.io.PrintStream;
import picocli.CommandLine;

/** {@code veritrace examples}: the questions {@code serve --backend simulated} answers, with the outcome each should get. */
@CommandLine.Command(name = "examples",
    description = "List example questions 'serve --backend simulated' answers, with the outcome and answer each should get.")
public final class ExamplesCommand extends Command {

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) {
    for (WordProblem p : SimulatedExamples.ALL) {
      String expected = p.expected().name() + (p.answerText().isEmpty() ? "" : " " + p.answerText());
      out.printf("%-12s %s%n", expected, p.question());
    }
    err.println("(serve --backend simulated also answers the tasks 'simulate --sessions 200 --seed 1' generates)");
    return 0;
  }
}

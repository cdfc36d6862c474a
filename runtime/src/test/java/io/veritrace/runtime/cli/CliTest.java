package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line as a user meets it: help on every command, errors, exit codes, completion. */
class CliTest {

  /** What each command must accept, written out by hand: the generated help has to show all of it. */
  private static final Map<String, List<String>> EXPECTED = Map.of(
      "serve", List.of("--config", "--backend", "--base-url", "--model", "--api-key-env", "--host", "--port", "--api-keys-env",
          "--metrics-port", "--journal", "--scenarios", "--seed"),
      "ask", List.of("--backend", "--model", "--base-url", "--api-key-env", "--deadline", "--sources", "--reference-date", "--device",
          "--dtype", "--template", "--max-new-tokens", "--temperature", "--top-p", "--seed", "QUESTION"),
      "simulate", List.of("--sessions", "--seed", "--concurrency", "--scenarios", "--write-scenarios", "--url", "--report", "--journal",
          "--faithful"),
      "check", List.of("--threads", "--sources", "--reference-date", "FILE|-"),
      "logic", List.of("--repeat", "--timeout-ms", "FILE|-"),
      "export", List.of("--out", "--kind", "--since", "--consumer", "--journal", "--replay", "--replay-share", "--eval-percent", "--seed"),
      "bench", List.of("--gsm8k", "--queries", "--passes"));

  private record Run(int code, String out, String err) {}

  private static Run run(String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.execute(List.of(argv), new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyCommandsHelpExitsZeroAndListsEveryOptionItAccepts() {
    CommandLine line = Cli.commandLine(System.in, System.out, System.err);
    assertTrue(line.getSubcommands().keySet().containsAll(EXPECTED.keySet()), line.getSubcommands().keySet().toString());
    for (Map.Entry<String, CommandLine> e : line.getSubcommands().entrySet()) {
      String name = e.getKey();
      if (name.equals("help")) continue;
      for (String flag : List.of("--help", "-h")) {
        Run r = run(name, flag);
        assertEquals(0, r.code(), name + " " + flag + ": " + r.err());
        assertTrue(r.out().startsWith("Usage: veritrace " + name), r.out());
        assertTrue(r.out().contains("Exit codes:"), name + " documents its exit codes: " + r.out());
        assertFalse(r.out().contains("\u001b["), "no colour when the output is not a terminal");
        for (CommandLine.Model.OptionSpec o : e.getValue().getCommandSpec().options()) {
          for (String n : o.names()) assertTrue(r.out().contains(n), name + " --help lists " + n + ":\n" + r.out());
        }
        for (String expected : EXPECTED.getOrDefault(name, List.of())) {
          assertTrue(r.out().contains(expected), name + " --help lists " + expected + ":\n" + r.out());
        }
      }
    }
  }

  /**
   * README's Commands table names every command and every long option its {@code --help} prints
   * (the help's own -h/--help/--version aside), so the table cannot drift from the options.
   */
  @Test
  void theReadmesCommandTableListsEveryCommandAndOption() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> table = readme.substring(readme.indexOf("## Commands")).lines()
        .dropWhile(l -> !l.startsWith("|")).takeWhile(l -> l.startsWith("|")).toList();
    for (Map.Entry<String, CommandLine> e : Cli.commandLine(System.in, System.out, System.err).getSubcommands().entrySet()) {
      String name = e.getKey();
      String rows = String.join("\n", table.stream().filter(l -> l.startsWith("| `./veritrace " + name)).toList());
      assertFalse(rows.isEmpty(), "README's Commands table has a row for " + name);
      for (CommandLine.Model.OptionSpec o : e.getValue().getCommandSpec().options()) {
        if (o.usageHelp() || o.versionHelp()) continue;
        assertTrue(rows.contains(o.longestName()), "README's row for " + name + " lists " + o.longestName() + ":\n" + rows);
      }
    }
  }

  @Test
  void theTopLevelListsTheCommandsAndExitCodesAreDocumented() {
    Run help = run("--help");
    assertEquals(0, help.code());
    for (String name : List.of("serve", "ask", "simulate", "check", "logic", "export", "bench", "completion", "help")) {
      assertTrue(help.out().contains(name), help.out());
    }
    assertEquals(0, run("help").code());
    Run helpServe = run("help", "serve");
    assertEquals(0, helpServe.code());
    assertTrue(helpServe.out().contains("--metrics-port"), helpServe.out());
    Run none = run();
    assertEquals(Cli.USAGE, none.code());
    assertTrue(none.err().contains("Usage: veritrace"), none.err());
  }

  @Test
  void mistakesExitTwoWithTheReasonAndWhereToLook() {
    Run unknownCommand = run("serv");
    assertEquals(Cli.USAGE, unknownCommand.code());
    assertTrue(unknownCommand.err().contains("serv") && unknownCommand.err().contains("serve"), "suggests the near command: " + unknownCommand.err());
    Run unknownOption = run("simulate", "--sesions", "3");
    assertEquals(Cli.USAGE, unknownOption.code());
    assertTrue(unknownOption.err().contains("--sesions") && unknownOption.err().contains("--sessions"), unknownOption.err());
    assertTrue(unknownOption.err().contains("veritrace simulate --help"), unknownOption.err());
    Run badValue = run("simulate", "--sessions", "many");
    assertEquals(Cli.USAGE, badValue.code());
    assertTrue(badValue.err().contains("'many'"), badValue.err());
    Run outOfRange = run("simulate", "--sessions", "0", "--journal", "none");
    assertEquals(Cli.USAGE, outOfRange.code(), "a check in the command's body is a usage mistake too: " + outOfRange.err());
    assertTrue(outOfRange.err().contains("--sessions must be between 1 and 1000000"), outOfRange.err());
    Run missing = run("check");
    assertEquals(Cli.USAGE, missing.code());
    assertTrue(missing.err().contains("FILE|-"), missing.err());
    Run unreadable = run("check", "/nonexistent/answers.jsonl");
    assertEquals(Cli.FAILED, unreadable.code(), unreadable.err());
    assertTrue(unreadable.err().contains("/nonexistent/answers.jsonl"), unreadable.err());
  }

  @Test
  void completionIsAScriptGeneratedFromTheOptions() {
    Run r = run("completion");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("complete -F"), "a bash completion script: " + r.out().lines().limit(5).toList());
    for (String word : List.of("serve", "simulate", "--metrics-port", "--api-keys-env", "--faithful")) {
      assertTrue(r.out().contains(word), "completes " + word);
    }
  }
}

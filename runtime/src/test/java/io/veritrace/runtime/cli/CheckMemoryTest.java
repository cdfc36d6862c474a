package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritrace.runtime.Main;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check}'s memory does not grow with line length (issue 16: 120 lines of 3.9 MB ran a 1 GB
 * heap out of memory, batches of 512 lines being held whole): 40 lines of 3.9 MB, 156 MB in all,
 * go through a 128 MB heap in a separate JVM, every line answered.
 */
class CheckMemoryTest {

  @TempDir Path tmp;

  @Test
  void longLinesGoThroughASmallHeap() throws Exception {
    Path input = tmp.resolve("long-lines.jsonl");
    String padding = "x".repeat(3_900_000);
    try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
      for (int i = 0; i < 40; i++) {
        w.write("{\"question\":\"Tom has 2 apples and buys 2 more. How many apples does he have?\",\"solution\":\"2 + 2 = 4\\n#### 4\",\"note\":\""
            + padding + "\"}\n");
      }
    }
    Path out = tmp.resolve("verdicts.jsonl");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process check = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "check",
        input.toString()).redirectOutput(out.toFile()).redirectError(tmp.resolve("stderr.txt").toFile()).start();
    assertTrue(check.waitFor(300, TimeUnit.SECONDS), "check finished");
    String err = Files.readString(tmp.resolve("stderr.txt"));
    assertEquals(0, check.exitValue(), err);
    List<String> verdicts = Files.readAllLines(out);
    assertEquals(40, verdicts.size(), err);
    for (String v : verdicts) assertTrue(v.contains("\"outcome\":\"VERIFIED\""), v);
  }
}

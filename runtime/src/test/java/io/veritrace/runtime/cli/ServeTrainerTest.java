package io.veritrace.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve}'s trainer settings that cannot work are usage errors before anything starts (no
 * port bound, no journal opened): the trainer on with no model to train, with no journal to read,
 * with a GPU setting it does not know, with a round setting out of range.
 */
class ServeTrainerTest {

  @TempDir Path tmp;

  private UsageException refused(String config, String... args) throws Exception {
    Path file = tmp.resolve("serve.conf");
    Files.writeString(file, "veritrace.metrics.enabled = off\nveritrace.trainer.enabled = on\n" + config);
    List<String> argv = new ArrayList<>(List.of("--config", file.toString(), "--backend", "simulated", "--port", "0"));
    argv.addAll(List.of(args));
    return assertThrows(UsageException.class, () -> new ServeCommand().run(argv, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
  }

  @Test
  void aTrainerThatCannotRunIsRefusedAtStartUp() throws Exception {
    String journal = tmp.resolve("journal").toString();
    assertTrue(refused("", "--journal", journal).getMessage().contains("the trainer needs a model to train"));
    String model = "veritrace.trainer.model = \"" + tmp.resolve("model") + "\"\n";
    assertTrue(refused(model, "--journal", "none").getMessage().contains("--journal none leaves it nothing to train on"));
    UsageException gpu = refused(model + "veritrace.trainer.gpu = sometimes\n", "--journal", journal);
    assertTrue(gpu.getMessage().contains("veritrace.trainer.gpu must be auto, on or off: sometimes"), gpu.getMessage());
    UsageException threshold = refused(model + "veritrace.trainer.threshold = 0\n", "--journal", journal);
    assertTrue(threshold.getMessage().contains("the failure threshold must be at least 1"), threshold.getMessage());
    // nothing was opened: the journal folder was never created
    assertTrue(!Files.exists(tmp.resolve("journal")));
  }
}

package io.veritrace.runtime.cli;

import io.veritrace.trainer.AdapterRegistry;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * {@code veritrace adapters [--registry DIR] [--roll-back VERSION|none]}: the adapter versions'
 * history (every gate decision with its figures, promotions, rollbacks) and the serving version;
 * with {@code --roll-back} makes an earlier promoted version serve again (or none).
 */
@CommandLine.Command(name = "adapters", sortOptions = false,
    description = "List trained adapter versions, the gate's decisions and the serving version; roll back to an earlier one.")
public final class AdaptersCommand extends Command {

  @CommandLine.Option(names = "--registry", paramLabel = "DIR", defaultValue = "var/adapters", description = "the adapter registry (default: ${DEFAULT-VALUE})")
  private String registry;

  @CommandLine.Option(names = "--roll-back", paramLabel = "VERSION|none", description = "serve this earlier promoted version again (none: the base model)")
  private String rollBack;

  @Override
  protected int execute(InputStream in, PrintStream out, PrintStream err) throws Exception {
    Path dir = Path.of(registry);
    if (!Files.isDirectory(dir)) throw new UsageException("no adapter registry at " + dir + " (./veritrace train creates one)");
    AdapterRegistry r = new AdapterRegistry(dir);
    if (rollBack != null) {
      try {
        r.rollBack(rollBack.equals("none") ? "" : rollBack);
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    for (AdapterRegistry.Event e : r.events()) {
      out.printf("%s  %-11s %-5s %s%n", e.at(), e.kind(), e.version().isEmpty() ? "none" : e.version(), e.reason());
    }
    out.println("serving: " + r.serving().orElse("none (the base model)"));
    return 0;
  }
}

package io.veritrace.runtime.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parsed command-line arguments: {@code --name value}, {@code --name=value}, bare {@code --flag},
 * and positionals. Unknown options are an error the command reports, not a silent default.
 */
public final class Args {
  private final Map<String, String> options = new HashMap<>();
  private final List<String> positionals = new ArrayList<>();

  private Args() {}

  /**
   * @param flags options that take no value
   */
  public static Args parse(List<String> raw, List<String> flags) {
    Args a = new Args();
    for (int i = 0; i < raw.size(); i++) {
      String s = raw.get(i);
      if (s.startsWith("--") && s.length() > 2) {
        String name = s.substring(2);
        int eq = name.indexOf('=');
        if (eq >= 0) {
          a.options.put(name.substring(0, eq), name.substring(eq + 1));
        } else if (flags.contains(name)) {
          a.options.put(name, "true");
        } else if (i + 1 < raw.size()) {
          a.options.put(name, raw.get(++i));
        } else {
          throw new UsageException("option --" + name + " needs a value");
        }
      } else {
        a.positionals.add(s);
      }
    }
    return a;
  }

  /** Fails on any option not in {@code known}. */
  public Args allow(List<String> known) {
    for (String k : options.keySet()) {
      if (!known.contains(k)) throw new UsageException("unknown option --" + k);
    }
    return this;
  }

  public String get(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public boolean flag(String name) {
    return Boolean.parseBoolean(options.getOrDefault(name, "false"));
  }

  public int intValue(String name, int fallback) {
    String v = options.get(name);
    if (v == null) return fallback;
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  public long longValue(String name, long fallback) {
    String v = options.get(name);
    if (v == null) return fallback;
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
    }
  }

  public double doubleValue(String name, double fallback) {
    String v = options.get(name);
    if (v == null) return fallback;
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, got '" + v + "'");
    }
  }

  public List<String> positionals() {
    return List.copyOf(positionals);
  }

  /** A usage mistake: printed with the command's usage, exit code 2. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}

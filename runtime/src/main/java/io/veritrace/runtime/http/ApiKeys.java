package io.veritrace.runtime.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The bearer tokens clients must send, from every place they can be configured ({@code
 * veritrace.http.api-keys}, {@code VERITRACE_API_KEYS}, the variable {@code --api-keys-env}
 * names): one parser, so no source can smuggle in an empty key that matches a request without
 * one. A comma-separated list; an empty entry is a configuration error named at start-up, a
 * duplicate is harmless and kept once.
 */
public final class ApiKeys {
  private ApiKeys() {}

  /**
   * The keys of a comma-separated list; blank means no key is required.
   *
   * @param source where the list came from, for the error message
   * @throws IllegalArgumentException naming the source and the entry at fault
   */
  public static Set<String> parse(String source, String list) {
    Set<String> keys = new LinkedHashSet<>();
    if (list == null || list.isBlank()) return keys;
    String[] entries = list.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String key = entries[i].strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(source + ": API key " + (i + 1) + " of " + entries.length
            + " is empty (a stray comma?); an empty key would let requests without one in. List keys as key1,key2");
      }
      for (int c = 0; c < key.length(); c++) {
        char ch = key.charAt(c);
        if (ch <= ' ' || ch == 0x7f || ch > '~') {
          throw new IllegalArgumentException(source + ": API key " + (i + 1) + " of " + entries.length
              + " contains a space, control or non-ASCII character at position " + (c + 1) + "; a bearer token cannot carry it");
        }
      }
      keys.add(key);
    }
    return keys;
  }

  /**
   * Whether {@code presented} is one of {@code keys}, in time that depends on neither which key
   * matched nor how much of it: every key's digest is compared whole, with no early exit.
   */
  public static boolean accepts(Set<String> keys, String presented) {
    byte[] given = digest(presented == null ? "" : presented);
    boolean match = false;
    for (String k : keys) match |= MessageDigest.isEqual(digest(k), given);
    return match;
  }

  /** Whether clients on other machines can reach {@code host}. */
  public static boolean beyondLoopback(String host) {
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    return !(h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]"));
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}

package io.veritrace.actors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Strings written as valid Unicode: an unpaired surrogate (a client can send {@code \ud800} in
 * JSON) becomes U+FFFD instead of failing the whole message. Registered for Pekko's CBOR messages
 * (reference.conf) and used by the journal, so such text can neither crash a query crossing an
 * actor boundary nor keep it out of the journal.
 */
public final class WellFormedText extends SimpleModule {
  private static final long serialVersionUID = 1L;

  public WellFormedText() {
    super("veritrace-well-formed-text");
    addSerializer(String.class, new Serializer());
  }

  /** {@code s} with each unpaired surrogate replaced by U+FFFD; {@code s} itself when it has none. */
  public static String of(String s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i += 2;
      } else if (Character.isSurrogate(c)) {
        break;
      } else {
        i++;
      }
    }
    if (i == n) return s;
    StringBuilder out = new StringBuilder(n).append(s, 0, i);
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(i + 1));
        i += 2;
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
        i++;
      }
    }
    return out.toString();
  }

  private static final class Serializer extends StdSerializer<String> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(of(value));
    }
  }
}

package io.veritrace.actors.journal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.veritrace.actors.WellFormedText;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Traces as CBOR, the project's wire format, so the journal and the cluster share one encoding.
 * Every string is written as valid UTF-8: a lone surrogate (which a client can send as {@code
 * \ud800} in JSON) becomes U+FFFD instead of failing the whole trace, so no request can keep
 * itself out of the journal. A trace too large for one record is written again with every long
 * string cut and marked ({@link #encode(Object, int)}).
 */
final class TraceCodec {

  /** Writer attribute: strings longer than this many characters are cut and marked. */
  private static final String MAX_CHARS = "veritrace.journal.max-chars";

  /** What replaces the end of a string the journal had to cut; readers can search for it. */
  static final String TRUNCATED = "…[truncated by the journal: ";

  private static final ObjectMapper CBOR =
      CBORMapper.builder()
          .addModule(new ParameterNamesModule())
          .addModule(new SimpleModule("journal-strings").addSerializer(String.class, new JournalString()))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private TraceCodec() {}

  /** {@code value} with every string longer than {@code maxChars} cut to that length plus a marker. */
  static byte[] encode(Object value, int maxChars) {
    try {
      ObjectWriter w = CBOR.writer();
      if (maxChars < Integer.MAX_VALUE) w = w.withAttribute(MAX_CHARS, maxChars);
      return w.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("a trace cannot be encoded: " + e.getMessage(), e);
    }
  }

  static JsonNode tree(byte[] bytes) throws IOException {
    return CBOR.readTree(bytes);
  }

  static <T> T value(JsonNode tree, Class<T> type) throws IOException {
    return CBOR.treeToValue(tree, type);
  }

  private static final class JournalString extends StdSerializer<String> {
    private static final long serialVersionUID = 1L;

    JournalString() {
      super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      Object cap = provider.getAttribute(MAX_CHARS);
      String text = value;
      if (cap instanceof Integer max && text.length() > max) {
        int cut = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        text = text.substring(0, cut) + TRUNCATED + (value.length() - cut) + " of " + value.length() + " characters cut]";
      }
      gen.writeString(WellFormedText.of(text));
    }
  }
}

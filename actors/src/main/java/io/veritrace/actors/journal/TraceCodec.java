package io.veritrace.actors.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.veritrace.core.Trace;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Traces as CBOR, the project's wire format, so the journal and the cluster share one encoding. */
final class TraceCodec {

  private static final ObjectMapper CBOR =
      CBORMapper.builder()
          .addModule(new ParameterNamesModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private TraceCodec() {}

  static byte[] encode(Trace trace) {
    try {
      return CBOR.writeValueAsBytes(trace);
    } catch (IOException e) {
      throw new UncheckedIOException("trace " + trace.query().id() + " cannot be encoded", e);
    }
  }

  static Trace decode(byte[] bytes) throws IOException {
    return CBOR.readValue(bytes, Trace.class);
  }
}

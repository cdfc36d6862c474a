package io.veritrace.core;

/**
 * Marker for every type that crosses a process boundary. The actor system binds it to Pekko's
 * {@code jackson-cbor} serializer, so a message that cannot be written as CBOR fails in tests
 * ({@code serialize-messages = on}) rather than in production.
 */
public interface CborSerializable {}

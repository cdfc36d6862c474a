package io.veritrace.core;

/** Who said a turn of a conversation. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT
}

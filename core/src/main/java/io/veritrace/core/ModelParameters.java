package io.veritrace.core;

import java.util.List;

/**
 * Sampling parameters a client asked for, passed to every model call of the query's loop; a null
 * component means the backend's own setting.
 *
 * @param temperature 0 to 2
 * @param topP above 0, at most 1
 * @param maxTokens tokens per model call
 * @param stop up to 4 stop sequences
 * @param seed for backends that sample reproducibly
 */
public record ModelParameters(Double temperature, Double topP, Integer maxTokens, List<String> stop, Long seed)
    implements CborSerializable {

  public static final ModelParameters DEFAULT = new ModelParameters(null, null, null, List.of(), null);

  public ModelParameters {
    stop = stop == null ? List.of() : List.copyOf(stop);
  }
}

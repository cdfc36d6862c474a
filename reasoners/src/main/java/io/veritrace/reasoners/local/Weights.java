package io.veritrace.reasoners.local;

/** Where a model's parameters come from: a checkpoint on disk, or seeded random values. */
@FunctionalInterface
public interface Weights {

  /** The tensor {@code name}, which must have exactly {@code shape}; fails naming the tensor. */
  HostTensor load(String name, long... shape);
}

package io.veritrace.trainer.qlora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.veritrace.reasoners.local.Llama;

/**
 * A frozen linear layer with a low-rank adapter beside it, as PEFT's lora.Linear computes it:
 * {@code y = x·Wᵀ + dropout(x)·Aᵀ·Bᵀ · (alpha / r)} with A [r, in] and B [out, r]. The switches
 * live in {@link LoraAdapters}, shared by every adapted layer of a model.
 */
final class LoraLinear implements Llama.Projection {

  private final Llama.Projection base;
  private final NDArray a; // [r, in]
  private final NDArray b; // [out, r]
  private final LoraAdapters owner;

  LoraLinear(Llama.Projection base, NDArray a, NDArray b, LoraAdapters owner) {
    this.base = base;
    this.a = a;
    this.b = b;
    this.owner = owner;
  }

  NDArray a() {
    return a;
  }

  NDArray b() {
    return b;
  }

  // x [.., in] → [.., out]
  @Override
  public NDArray apply(NDArray x) {
    NDArray y = base.apply(x); // [.., out]
    if (!owner.enabled()) return y; // the base model exactly: nothing is added, not even zeros
    float p = (float) owner.config().dropout();
    NDArray dropped = owner.training() && p > 0 ? Dropout.dropout(x, p, true).singletonOrThrow() : x; // [.., in]
    NDArray low = Linear.linear(dropped, a).singletonOrThrow(); // [.., r]
    return y.add(Linear.linear(low, b).singletonOrThrow().mul(owner.config().scale())); // [.., out]
  }
}

package io.veritrace.trainer.qlora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.veritrace.reasoners.local.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW as PyTorch's torch.optim.AdamW computes it, with both moments in float32 whatever the
 * parameters' dtype: decoupled weight decay p ← p − lr·λ·p, then m ← β1·m + (1−β1)·g,
 * v ← β2·v + (1−β2)·g², p ← p − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε). Before the update
 * the gradients are clipped to a global L2 norm (the engine's own clipping is per element).
 */
final class AdamW {

  private final NDManager manager;
  private final TrainingConfig config;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private int t;

  AdamW(NDManager manager, TrainingConfig config) {
    this.manager = manager;
    this.config = config;
  }

  /** Steps taken. */
  int steps() {
    return t;
  }

  /**
   * The global L2 norm of the gradients of {@code params}, after which they are scaled by
   * max / (norm + 1e-6) when the norm exceeds max, as torch.nn.utils.clip_grad_norm_ does.
   */
  static double clipGlobalNorm(Map<String, NDArray> params, double max) {
    try (NDScope scope = new NDScope()) { // frees the gradient handles and temporaries
      double squares = 0;
      for (NDArray p : params.values()) squares += p.getGradient().toType(DataType.FLOAT32, false).square().sum().getFloat();
      double norm = Math.sqrt(squares);
      double coefficient = max / (norm + 1e-6);
      if (coefficient < 1) for (NDArray p : params.values()) p.getGradient().muli(coefficient);
      return norm;
    }
  }

  /** One update of every parameter from its gradient, which is then zeroed for the next step. */
  void step(Map<String, NDArray> params, double lr) {
    t++;
    double b1 = config.beta1(), b2 = config.beta2();
    double correction1 = 1 - Math.pow(b1, t), correction2 = 1 - Math.pow(b2, t);
    for (Map.Entry<String, NDArray> e : params.entrySet()) {
      NDArray mt = m.computeIfAbsent(e.getKey(), k -> manager.zeros(e.getValue().getShape(), DataType.FLOAT32));
      NDArray vt = v.computeIfAbsent(e.getKey(), k -> manager.zeros(e.getValue().getShape(), DataType.FLOAT32));
      try (NDScope scope = new NDScope()) { // frees the gradient handle and the temporaries of this update
        NDArray p = e.getValue();
        NDArray grad = p.getGradient();
        NDArray g = grad.toType(DataType.FLOAT32, false);
        mt.muli(b1).addi(g.mul(1 - b1));
        vt.muli(b2).addi(g.square().muli(1 - b2));
        NDArray update = mt.div(correction1).divi(vt.div(correction2).sqrt().addi(config.epsilon())).muli(lr);
        if (config.weightDecay() > 0) p.muli(1 - lr * config.weightDecay());
        p.subi(update.toType(p.getDataType(), false));
        grad.muli(0);
      }
    }
  }

  /** The moments by parameter name (name + ".exp_avg", name + ".exp_avg_sq"), for a checkpoint. */
  Map<String, HostTensor> state() {
    Map<String, HostTensor> s = new LinkedHashMap<>();
    m.forEach((k, a) -> s.put(k + ".exp_avg", new HostTensor(a.getShape().getShape(), a.toFloatArray())));
    v.forEach((k, a) -> s.put(k + ".exp_avg_sq", new HostTensor(a.getShape().getShape(), a.toFloatArray())));
    return s;
  }

  /** Restores moments written by {@link #state} after {@code steps} steps. */
  void restore(Map<String, HostTensor> state, int steps) {
    t = steps;
    state.forEach((k, h) -> {
      NDArray a = manager.create(h.values(), new Shape(h.shape()));
      if (k.endsWith(".exp_avg")) m.put(k.substring(0, k.length() - ".exp_avg".length()), a);
      else if (k.endsWith(".exp_avg_sq")) v.put(k.substring(0, k.length() - ".exp_avg_sq".length()), a);
      else throw new IllegalArgumentException("not an optimizer state tensor: " + k);
    });
  }
}

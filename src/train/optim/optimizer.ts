/**
 * Optimizers update parameter tensors in place from their `.grad`, through the
 * backend's fused update kernels (so the update runs on the GPU when the model does).
 * Their state (momentum buffers, Adam moments, step count) is saved in checkpoints.
 */
import type { Tensor } from '../../graph/tensor.js';

export interface OptimizerState {
  kind: 'sgd' | 'adam';
  step: number;
  /** Named state buffers, e.g. `velocity/net.0.weight`. */
  buffers: Record<string, Float32Array>;
}

export interface Optimizer {
  readonly kind: OptimizerState['kind'];
  /** Learning rate used by the next `step()`; schedules set it before each step. */
  lr: number;
  /** Number of updates done so far. */
  readonly stepCount: number;
  step(): void;
  /** Drops the gradients (set to none, as PyTorch's zero_grad does by default). */
  zeroGrad(): void;
  state(): Promise<OptimizerState>;
  loadState(state: OptimizerState): void;
  dispose(): void;
}

/** Named parameters as the model holds them. */
export type NamedParams = ReadonlyMap<string, Tensor>;

export function gradOf(name: string, p: Tensor): Tensor {
  if (!p.grad) throw new Error(`optimizer: parameter ${name} has no gradient; call backward() before step()`);
  return p.grad;
}

export function dropGrads(params: NamedParams): void {
  for (const p of params.values()) {
    p.grad?.dispose();
    p.grad = null;
  }
}

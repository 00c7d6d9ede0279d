/**
 * A layer followed by its activation, computed in one pass where the backend can
 * (`conv2dActivation`, `gemmActivation`) and as layer-then-activation elsewhere. Both
 * activations' derivatives are functions of the output y, so backward needs no
 * pre-activation tensor: dz = act'(y)·dy, then the layer's own gradients from dz.
 */
import type { Backend, Storage, UnaryOp } from '../backend.js';

/** Runs `plain` then the activation, unless the backend's fused kernel does both. */
export function forwardWithActivation(
  be: Backend,
  activation: UnaryOp | undefined,
  fused: ((act: UnaryOp) => Storage) | undefined,
  plain: () => Storage,
): Storage {
  if (!activation) return plain();
  if (fused) return fused(activation);
  const z = plain();
  const y = be.unary(activation, z);
  be.dispose(z);
  return y;
}

/** Wraps a layer's backward so it receives dL/dz instead of dL/dy. */
export function backwardThroughActivation(
  be: Backend,
  activation: UnaryOp | undefined,
  y: () => Storage,
  layerBackward: (dz: Storage) => (Storage | null)[],
): (dy: Storage) => (Storage | null)[] {
  if (!activation) return layerBackward;
  return (dy) => {
    const dz = be.unaryBackward(activation, y(), dy);
    const grads = layerBackward(dz);
    be.dispose(dz);
    return grads;
  };
}

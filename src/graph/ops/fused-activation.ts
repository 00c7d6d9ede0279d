/**
 * The backward of a layer followed by its activation (conv2d / gemm with `activation`,
 * one op in the forward). Both activations' derivatives are functions of the output y,
 * so backward needs no pre-activation tensor: dz = act'(y)·dy, then the layer's own
 * gradients from dz.
 */
import type { Backend, Storage, UnaryOp } from '../backend.js';

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

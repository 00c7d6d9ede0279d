/** Reshape shares storage (a view); its gradient is the incoming gradient reshaped. */
import { record } from '../autograd.js';
import { formatShape } from '../format-shape.js';
import { Tensor, shapeSize } from '../tensor.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  if (shapeSize(shape) !== x.size) throw new Error(`reshape: cannot view ${formatShape(x.shape)} as ${formatShape(shape)}`);
  const y = new Tensor(x.backend, shape, x.storage, false, x.base ?? x);
  // Same element order, so the gradient buffer is handed on unchanged.
  return record(y, 'reshape', [x], (dy) => [dy]);
}

/** [N, ...] → [N, prod(...)], as nn.Flatten / ONNX Flatten(axis=1). */
export function flatten(x: Tensor): Tensor {
  const [n = 1] = x.shape;
  return reshape(x, [n, n === 0 ? 0 : x.size / n]);
}

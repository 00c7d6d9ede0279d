/** Softmax over the last axis of a 2-D tensor (inference only: no gradient). */
import { formatShape } from '../format-shape.js';
import { Tensor } from '../tensor.js';

export function softmax(x: Tensor): Tensor {
  if (x.shape.length !== 2) throw new Error(`softmax: input ${formatShape(x.shape)} must be 2-D [N,classes]`);
  const [rows, cols] = x.shape as [number, number];
  return new Tensor(x.backend, x.shape, x.backend.softmax(x.storage, rows, cols));
}

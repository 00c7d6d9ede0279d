/** Element-wise activations; both derivatives are functions of the output y. */
import type { UnaryOp } from '../backend.js';
import { record } from '../autograd.js';
import { Tensor } from '../tensor.js';

/** `op` applied element-wise, with its gradient. */
export function activate(op: UnaryOp, x: Tensor): Tensor {
  const be = x.backend;
  const y = new Tensor(be, x.shape, be.unary(op, x.storage));
  return record(y, op, [x], (dy) => [be.unaryBackward(op, y.storage, dy)]);
}

export const sigmoid = (x: Tensor): Tensor => activate('sigmoid', x);
export const relu = (x: Tensor): Tensor => activate('relu', x);

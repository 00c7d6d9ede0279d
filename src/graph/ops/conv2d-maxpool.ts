/**
 * A convolution, its activation and the max pooling after it, as one op: pooled first
 * (max commutes with adding the bias and with a non-decreasing activation), so the
 * activation and its gradient run on a quarter of the values and, where the backend
 * has `conv2dMaxPool`, the convolution's output is never stored. Values and gradients
 * equal conv2d → activation → maxPool2d, except where two inputs of a window round to
 * the same activation: the same gradient then reaches the larger one, not the first.
 */
import type { UnaryOp } from '../backend.js';
import { record } from '../autograd.js';
import { formatShape } from '../format-shape.js';
import { Tensor } from '../tensor.js';
import { relu, sigmoid } from './activations.js';
import { conv2d, conv2dGeometry, type Conv2dOptions } from './conv2d.js';
import { maxPool2d, pool2dGeometry, type MaxPool2dOptions } from './maxpool2d.js';

export function conv2dMaxPool(x: Tensor, w: Tensor, b: Tensor | null, convOptions: Conv2dOptions, poolOptions: MaxPool2dOptions,
  activation: UnaryOp): Tensor {
  const be = x.backend;
  if (!be.conv2dMaxPool) {
    const pooled = maxPool2d(conv2d(x, w, b, convOptions), poolOptions);
    return activation === 'sigmoid' ? sigmoid(pooled) : relu(pooled);
  }
  const g = conv2dGeometry(x.shape, w.shape, convOptions);
  if (b && (b.shape.length !== 1 || b.shape[0] !== g.outChannels))
    throw new Error(`conv2d: bias ${formatShape(b.shape)} must be [${g.outChannels}] for weight ${formatShape(w.shape)}`);
  const p = pool2dGeometry([g.batch, g.outChannels, g.outHeight, g.outWidth], poolOptions);
  const { y: ys, argmax: as } = be.conv2dMaxPool(x.storage, w.storage, b?.storage ?? null, g, p, activation);
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const argmax = new Tensor(be, shape, as);
  const y = new Tensor(be, shape, ys);
  return record(y, `conv2d+maxpool+${activation}`, b ? [x, w, b] : [x, w], (dy) => {
    const dPooled = be.unaryBackward(activation, y.storage, dy);
    const dz = be.maxPool2dBackward(dPooled, argmax.storage, p);
    be.dispose(dPooled);
    const grads = [
      x.requiresGrad ? be.conv2dBackwardInput(dz, w.storage, g) : null,
      w.requiresGrad ? be.conv2dBackwardWeight(dz, x.storage, g) : null,
      b?.requiresGrad ? be.conv2dBackwardBias(dz, g) : null,
    ];
    be.dispose(dz);
    return grads;
  });
}

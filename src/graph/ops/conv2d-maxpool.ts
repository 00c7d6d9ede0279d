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
import { Tensor } from '../tensor.js';
import { activate } from './activations.js';
import { backwardThroughActivation } from './fused-activation.js';
import { checkConvBias, conv2d, conv2dGeometry, convGradients, type Conv2dOptions } from './conv2d.js';
import { maxPool2d, pool2dGeometry, type MaxPool2dOptions } from './maxpool2d.js';

export function conv2dMaxPool(x: Tensor, w: Tensor, b: Tensor | null, convOptions: Conv2dOptions, poolOptions: MaxPool2dOptions,
  activation: UnaryOp): Tensor {
  const be = x.backend;
  if (!be.conv2dMaxPool) return activate(activation, maxPool2d(conv2d(x, w, b, convOptions), poolOptions));
  const g = conv2dGeometry(x.shape, w.shape, convOptions);
  checkConvBias(b, g, w);
  const p = pool2dGeometry([g.batch, g.outChannels, g.outHeight, g.outWidth], poolOptions);
  const { y: ys, argmax: as } = be.conv2dMaxPool(x.storage, w.storage, b?.storage ?? null, g, p, activation);
  const shape = [p.batch, p.channels, p.outHeight, p.outWidth];
  const argmax = new Tensor(be, shape, as);
  const y = new Tensor(be, shape, ys);
  const gradients = convGradients(x, w, b, g);
  return record(y, `conv2d+maxpool+${activation}`, b ? [x, w, b] : [x, w],
    backwardThroughActivation(be, activation, () => y.storage, (dPooled) => {
      const dz = be.maxPool2dBackward(dPooled, argmax.storage, p);
      const grads = gradients(dz);
      be.dispose(dz);
      return grads;
    }));
}

/** Max pooling; the forward keeps each window's argmax so backward routes gradients. */
import type { Pool2dGeometry } from '../backend.js';
import { record } from '../autograd.js';
import { formatShape } from '../format-shape.js';
import { Tensor } from '../tensor.js';

export interface MaxPool2dOptions {
  kernel: [number, number];
  stride?: [number, number];
  /** top, left, bottom, right */
  pads?: [number, number, number, number];
  ceilMode?: boolean;
}

export function pool2dGeometry(xShape: readonly number[], o: MaxPool2dOptions): Pool2dGeometry {
  if (xShape.length !== 4) throw new Error(`maxpool2d: input ${formatShape(xShape)} must be 4-D [N,C,H,W]`);
  const [batch, channels, inHeight, inWidth] = xShape as [number, number, number, number];
  const [kernelHeight, kernelWidth] = o.kernel;
  const [strideHeight, strideWidth] = o.stride ?? o.kernel;
  const [padTop, padLeft, padBottom, padRight] = o.pads ?? [0, 0, 0, 0];
  const round = o.ceilMode ? Math.ceil : Math.floor;
  let outHeight = round((inHeight + padTop + padBottom - kernelHeight) / strideHeight) + 1;
  let outWidth = round((inWidth + padLeft + padRight - kernelWidth) / strideWidth) + 1;
  // With ceil_mode, a last window that starts inside the bottom/right padding is dropped (PyTorch/ONNX rule).
  if (o.ceilMode && (outHeight - 1) * strideHeight >= inHeight + padTop) outHeight--;
  if (o.ceilMode && (outWidth - 1) * strideWidth >= inWidth + padLeft) outWidth--;
  if (outHeight < 1 || outWidth < 1)
    throw new Error(`maxpool2d: kernel [${o.kernel}] is larger than the padded input ${formatShape(xShape)}`);
  return {
    batch, channels, inHeight, inWidth, kernelHeight, kernelWidth,
    strideHeight, strideWidth, padTop, padLeft, outHeight, outWidth,
  };
}

export function maxPool2d(x: Tensor, options: MaxPool2dOptions): Tensor {
  const g = pool2dGeometry(x.shape, options);
  const be = x.backend;
  const { y: ys, argmax: as } = be.maxPool2d(x.storage, g);
  const shape = [g.batch, g.channels, g.outHeight, g.outWidth];
  const argmax = new Tensor(be, shape, as);
  const y = new Tensor(be, shape, ys);
  return record(y, 'maxpool2d', [x], (dy) => [be.maxPool2dBackward(dy, argmax.storage, g)]);
}

/** 2-D convolution (NCHW, dilation 1, group 1) and its gradients. */
import type { Conv2dGeometry, Storage, UnaryOp } from '../backend.js';
import { backwardThroughActivation } from './fused-activation.js';
import { record } from '../autograd.js';
import { formatShape } from '../format-shape.js';
import { Tensor } from '../tensor.js';

export interface Conv2dOptions {
  stride?: [number, number];
  /** top, left, bottom, right */
  pads?: [number, number, number, number];
}

export function conv2dGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  { stride = [1, 1], pads = [0, 0, 0, 0] }: Conv2dOptions = {},
): Conv2dGeometry {
  const where = `conv2d: input ${formatShape(xShape)}, weight ${formatShape(wShape)}`;
  if (xShape.length !== 4) throw new Error(`conv2d: input ${formatShape(xShape)} must be 4-D [N,C,H,W]`);
  if (wShape.length !== 4) throw new Error(`conv2d: weight ${formatShape(wShape)} must be 4-D [O,C,kh,kw]`);
  const [batch, inChannels, inHeight, inWidth] = xShape as [number, number, number, number];
  const [outChannels, wChannels, kernelHeight, kernelWidth] = wShape as [number, number, number, number];
  if (inChannels !== wChannels)
    throw new Error(
      `conv2d: input ${formatShape(xShape)} has ${inChannels} channels, weight ${formatShape(wShape)} expects ${wChannels}`,
    );
  const [strideHeight, strideWidth] = stride;
  const [padTop, padLeft, padBottom, padRight] = pads;
  if (strideHeight < 1 || strideWidth < 1) throw new Error(`${where}: stride [${stride}] must be >= 1`);
  const outHeight = Math.floor((inHeight + padTop + padBottom - kernelHeight) / strideHeight) + 1;
  const outWidth = Math.floor((inWidth + padLeft + padRight - kernelWidth) / strideWidth) + 1;
  if (outHeight < 1 || outWidth < 1) throw new Error(`${where}: kernel is larger than the padded input`);
  return {
    batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
    strideHeight, strideWidth, padTop, padLeft, padBottom, padRight, outHeight, outWidth,
  };
}

/** conv2d, optionally fused with the activation that follows it (`activation`). */
export function conv2d(x: Tensor, w: Tensor, b: Tensor | null, options: Conv2dOptions = {}, activation?: UnaryOp): Tensor {
  const g = conv2dGeometry(x.shape, w.shape, options);
  checkConvBias(b, g, w);
  const be = x.backend;
  const ys = be.conv2d(x.storage, w.storage, b?.storage ?? null, g, activation);
  const y = new Tensor(be, [g.batch, g.outChannels, g.outHeight, g.outWidth], ys);
  const inputs = b ? [x, w, b] : [x, w];
  return record(y, activation ? `conv2d+${activation}` : 'conv2d', inputs,
    backwardThroughActivation(be, activation, () => y.storage, convGradients(x, w, b, g)));
}

/** A bias must be [outChannels]. */
export function checkConvBias(b: Tensor | null, g: Conv2dGeometry, w: Tensor): void {
  if (b && (b.shape.length !== 1 || b.shape[0] !== g.outChannels))
    throw new Error(`conv2d: bias ${formatShape(b.shape)} must be [${g.outChannels}] for weight ${formatShape(w.shape)}`);
}

/** The gradients of x, w and b (those that require one) from dL/dz at the convolution's output. */
export function convGradients(x: Tensor, w: Tensor, b: Tensor | null, g: Conv2dGeometry): (dz: Storage) => (Storage | null)[] {
  const be = x.backend;
  return (dz) => [
    x.requiresGrad ? be.conv2dBackwardInput(dz, w.storage, g) : null,
    w.requiresGrad ? be.conv2dBackwardWeight(dz, x.storage, g) : null,
    b?.requiresGrad ? be.conv2dBackwardBias(dz, g) : null,
  ];
}

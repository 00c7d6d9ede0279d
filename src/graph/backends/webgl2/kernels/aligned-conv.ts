/**
 * Stride-1 convolutions rewritten on texel-aligned, unpadded inputs, so they can
 * all take the fast vector bodies: the input is copied into planes of
 * Hp = H + padTop + padBottom rows and Wp columns (the convolution's own padding
 * becomes real zeros), with Wp and the output width OWp rounded up to multiples
 * of 4; the extra output columns are cropped afterwards.
 */
import type { Conv2dGeometry } from '../../../backend.js';
import { roundUp4, type PlaneShape, type PlaneTarget } from './pad2d.js';

export interface AlignedConv {
  /** The same convolution on the padded input: stride 1, no horizontal padding, aligned rows. */
  geometry: Conv2dGeometry;
  inputFrom: PlaneShape;
  inputTo: PlaneTarget;
  /** From the aligned output [N,O,OH,OWp] back to [N,O,OH,OW]. */
  outputFrom: PlaneShape;
  outputTo: PlaneTarget;
  /** The reverse, for an output gradient: [N,O,OH,OW] zero-padded to [N,O,OH,OWp]. */
  gradientFrom: PlaneShape;
  gradientTo: PlaneTarget;
}

export function isStrideOne(g: Conv2dGeometry): boolean {
  return g.strideHeight === 1 && g.strideWidth === 1;
}

/**
 * `rows: 'copy'` turns the vertical padding into zero rows as well (the weight
 * gradient body has no bounds checks); `'keep'` leaves it in the geometry for the
 * forward row body, which skips rows outside the input instead of multiplying
 * zeros (the input gradient's transposed convolution pads by kernel-1 rows).
 */
export function alignConv(g: Conv2dGeometry, rows: 'copy' | 'keep'): AlignedConv {
  if (!isStrideOne(g)) throw new Error('alignConv: stride must be 1');
  const outWidth = roundUp4(g.outWidth);
  const inWidth = roundUp4(outWidth + g.kernelWidth - 1);
  const copyRows = rows === 'copy';
  const inHeight = copyRows ? g.inHeight + g.padTop + g.padBottom : g.inHeight;
  const geometry: Conv2dGeometry = {
    ...g, inHeight, inWidth, outWidth, padLeft: 0, padRight: 0,
    padTop: copyRows ? 0 : g.padTop, padBottom: copyRows ? 0 : g.padBottom,
  };
  return {
    geometry,
    inputFrom: { planes: g.batch * g.inChannels, height: g.inHeight, width: g.inWidth },
    inputTo: { height: inHeight, width: inWidth, top: copyRows ? g.padTop : 0, left: g.padLeft },
    outputFrom: { planes: g.batch * g.outChannels, height: g.outHeight, width: outWidth },
    outputTo: { height: g.outHeight, width: g.outWidth, top: 0, left: 0 },
    gradientFrom: { planes: g.batch * g.outChannels, height: g.outHeight, width: g.outWidth },
    gradientTo: { height: g.outHeight, width: outWidth, top: 0, left: 0 },
  };
}

/**
 * Conv (ONNX opsets 1-22): grouped (depthwise included), strided, dilated, padded or
 * auto-padded convolution over 1, 2 or 3 spatial axes, with an optional bias.
 * Semantics of onnx/reference/ops/op_conv.py; the loops run one weight tap at a time
 * over a whole output row, so they stay simple and cache-friendly in plain JS.
 */
import type { Kernel, KernelContext } from '../kernel.js';
import { floatInput, floatOutput, optionalFloatInput, type FloatArray, type FloatTensor } from './float-io.js';
import { lift3, resolveWindow, spatialRank, type SpatialWindow } from './spatial-window.js';

/** A convolution's sizes on 3 spatial axes (1-D and 2-D lifted with size-1 axes). */
export interface ConvGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly group: number;
  readonly input: readonly [number, number, number];
  readonly kernel: readonly [number, number, number];
  readonly strides: readonly [number, number, number];
  readonly dilations: readonly [number, number, number];
  readonly padsBegin: readonly [number, number, number];
  readonly output: readonly [number, number, number];
  /** The window as resolved on the real spatial axes (for output dims and fast paths). */
  readonly window: SpatialWindow;
}

/** Checks X, W and B of a Conv node against each other and resolves the geometry. */
export function convGeometry(x: FloatTensor, w: FloatTensor, b: FloatTensor | undefined, ctx: KernelContext): ConvGeometry {
  spatialRank(x.dims, 'X', ctx);
  if (w.dims.length !== x.dims.length) return ctx.fail(`W has rank ${w.dims.length}, X has rank ${x.dims.length}`);
  const group = ctx.attrs.int('group', 1);
  const [batch, inChannels] = x.dims as [number, number];
  const [outChannels, channelsPerGroup] = w.dims as [number, number];
  if (group < 1 || inChannels !== channelsPerGroup * group || outChannels % group !== 0)
    return ctx.fail(`X has ${inChannels} channels, W is [${w.dims.join(',')}]: with group ${group} W must be [M, ${inChannels / group}, ...] and M divisible by ${group}`);
  const kernel = w.dims.slice(2);
  const kernelShape = ctx.attrs.ints('kernel_shape');
  if (kernelShape && kernelShape.join() !== kernel.join()) return ctx.fail(`kernel_shape [${kernelShape.join(',')}] does not match W [${w.dims.join(',')}]`);
  if (b && (b.dims.length !== 1 || b.dims[0] !== outChannels)) return ctx.fail(`B is [${b.dims.join(',')}]; expected [${outChannels}]`);
  const window = resolveWindow(ctx, x.dims.slice(2), kernel);
  return {
    batch, inChannels, outChannels, group,
    input: lift3(window.input, 1), kernel: lift3(kernel, 1), strides: lift3(window.strides, 1),
    dilations: lift3(window.dilations, 1), padsBegin: lift3(window.padsBegin, 0), output: lift3(window.output, 1), window,
  };
}

/** First and last output index along one axis whose tap `k` reads inside the input. */
export function validRange(outSize: number, inSize: number, stride: number, pad: number, offset: number): [number, number] {
  // input index = o·stride - pad + offset must be in [0, inSize)
  const lo = Math.max(0, Math.ceil((pad - offset) / stride));
  const hi = Math.min(outSize - 1, Math.floor((inSize - 1 + pad - offset) / stride));
  return [lo, hi];
}

/** Per kernel tap (kd, kh, kw): the valid output ranges on each axis and the input offset of its first read. */
function tapRanges(g: ConvGeometry): Int32Array {
  const [iD, iH, iW] = g.input, [kD, kH, kW] = g.kernel, [sD, sH, sW] = g.strides;
  const [dD, dH, dW] = g.dilations, [pD, pH, pW] = g.padsBegin, [oD, oH, oW] = g.output;
  const taps = new Int32Array(kD * kH * kW * 6);
  let t = 0;
  for (let kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++) {
    const [d0, d1] = validRange(oD, iD, sD, pD, kd * dD), [h0, h1] = validRange(oH, iH, sH, pH, kh * dH), [w0, w1] = validRange(oW, iW, sW, pW, kw * dW);
    taps.set([d0, d1, h0, h1, w0, w1], t);
    t += 6;
  }
  return taps;
}

/** y = conv(x, w) + b, y zero-filled on entry; accumulates in y's precision. */
export function convolve(x: FloatArray, w: FloatArray, b: FloatArray | undefined, y: FloatArray, g: ConvGeometry): void {
  const [iD, iH, iW] = g.input, [kD, kH, kW] = g.kernel, [sD, sH, sW] = g.strides;
  const [dD, dH, dW] = g.dilations, [pD, pH, pW] = g.padsBegin, [oD, oH, oW] = g.output;
  const cg = g.inChannels / g.group, mg = g.outChannels / g.group, kSize = kD * kH * kW;
  const inPlane = iD * iH * iW, outPlane = oD * oH * oW;
  const taps = tapRanges(g);
  // A 1×1 kernel at stride 1 without padding reads the input plane exactly as the output is laid out.
  const pointwise = kSize === 1 && inPlane === outPlane && sW === 1 && sH === 1 && sD === 1;
  for (let n = 0; n < g.batch; n++) {
    for (let m = 0; m < g.outChannels; m++) {
      const yBase = (n * g.outChannels + m) * outPlane;
      if (b) y.fill(b[m]!, yBase, yBase + outPlane);
      const firstChannel = Math.floor(m / mg) * cg;
      for (let ci = 0; ci < cg; ci++) {
        const xBase = (n * g.inChannels + firstChannel + ci) * inPlane;
        const wBase = (m * cg + ci) * kSize;
        if (pointwise) {
          const wv = w[wBase]!;
          for (let i = yBase, xi = xBase, end = yBase + outPlane; i < end; i++, xi++) y[i] = y[i]! + wv * x[xi]!;
          continue;
        }
        for (let tap = 0, kd = 0; kd < kD; kd++) for (let kh = 0; kh < kH; kh++) for (let kw = 0; kw < kW; kw++, tap++) {
          const r = tap * 6;
          const d0 = taps[r]!, d1 = taps[r + 1]!, h0 = taps[r + 2]!, h1 = taps[r + 3]!, w0 = taps[r + 4]!, w1 = taps[r + 5]!;
          if (w1 < w0) continue;
          const wv = w[wBase + tap]!;
          for (let od = d0; od <= d1; od++) {
            const id = od * sD - pD + kd * dD;
            for (let oh = h0; oh <= h1; oh++) {
              const ih = oh * sH - pH + kh * dH;
              let xi = xBase + (id * iH + ih) * iW + w0 * sW - pW + kw * dW;
              const yRow = yBase + (od * oH + oh) * oW;
              const end = yRow + w1;
              for (let yi = yRow + w0; yi <= end; yi++, xi += sW) y[yi] = y[yi]! + wv * x[xi]!;
            }
          }
        }
      }
    }
  }
}

export const conv: Kernel = (inputs, ctx) => {
  const x = floatInput(inputs, 0, 'X', ctx), w = floatInput(inputs, 1, 'W', ctx);
  const b = optionalFloatInput(inputs, 2, 'B', ctx);
  const g = convGeometry(x, w, b, ctx);
  const y = floatOutput(ctx, x.type, [g.batch, g.outChannels, ...g.window.output]);
  convolve(x.data, w.data, b?.data, y.data, g);
  return [y];
};

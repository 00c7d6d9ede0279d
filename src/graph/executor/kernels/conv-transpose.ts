/**
 * ConvTranspose (ONNX opsets 1-22) over 1, 2 or 3 spatial axes: groups, strides,
 * dilations, pads, output_padding, output_shape and auto_pad, with an optional bias.
 * Output size and padding follow the operator definition (and
 * onnx/reference/ops/op_conv_transpose.py): with output_shape or SAME_* auto_pad the
 * padding is derived, SAME_UPPER putting the odd unit at the end. Each input pixel is
 * scattered through the kernel into the output.
 */
import type { Kernel, KernelContext } from '../kernel.js';
import { floatInput, floatOutput, optionalFloatInput, type FloatArray, type FloatTensor } from './float-io.js';
import { lift3, spatialInts, spatialRank } from './spatial-window.js';

export interface TransposeGeometry {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly group: number;
  readonly input: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padsBegin: readonly number[];
  readonly output: readonly number[];
}

export function transposeGeometry(x: Pick<FloatTensor, 'dims'>, w: Pick<FloatTensor, 'dims'>, b: Pick<FloatTensor, 'dims'> | undefined, ctx: KernelContext): TransposeGeometry {
  const rank = spatialRank(x.dims, 'X', ctx);
  if (w.dims.length !== x.dims.length) return ctx.fail(`W has rank ${w.dims.length}, X has rank ${x.dims.length}`);
  const group = ctx.attrs.int('group', 1);
  const [batch, inChannels] = x.dims as [number, number];
  if (group < 1 || w.dims[0] !== inChannels || inChannels % group !== 0)
    return ctx.fail(`X has ${inChannels} channels, W is [${w.dims.join(',')}]: W must be [${inChannels}, M/group, ...] with group ${group} dividing ${inChannels}`);
  const outChannels = w.dims[1]! * group;
  if (b && (b.dims.length !== 1 || b.dims[0] !== outChannels)) return ctx.fail(`B is [${b.dims.join(',')}]; expected [${outChannels}]`);
  const input = x.dims.slice(2), kernel = w.dims.slice(2);
  const kernelShape = ctx.attrs.ints('kernel_shape');
  if (kernelShape && kernelShape.join() !== kernel.join()) return ctx.fail(`kernel_shape [${kernelShape.join(',')}] does not match W [${w.dims.join(',')}]`);
  const strides = spatialInts(ctx, 'strides', rank, 1), dilations = spatialInts(ctx, 'dilations', rank, 1);
  const outputPadding = spatialInts(ctx, 'output_padding', rank, 0);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(autoPad))
    return ctx.fail(`auto_pad "${autoPad}" is not NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
  // The full (unpadded) extent of the scattered output on each axis.
  const full = input.map((n, i) => strides[i]! * (n - 1) + outputPadding[i]! + (kernel[i]! - 1) * dilations[i]! + 1);
  let padsBegin: number[];
  let output: number[];
  const explicitPads = ctx.attrs.ints('pads', []).length > 0;
  const shapeAttr = ctx.attrs.ints('output_shape', []);
  if (shapeAttr.length > 0 || (!explicitPads && (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER'))) {
    // output_shape may list N and C too (older exporters); the spatial sizes are the last ones.
    output = shapeAttr.length > 0 ? shapeAttr.slice(-rank) : input.map((n, i) => n * strides[i]!);
    if (output.length !== rank) return ctx.fail(`output_shape [${shapeAttr.join(',')}] has fewer than ${rank} spatial sizes`);
    padsBegin = output.map((o, i) => {
      const total = full[i]! - o;
      return autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
    });
  } else {
    const pads = autoPad === 'VALID' ? new Array<number>(2 * rank).fill(0) : spatialInts(ctx, 'pads', 2 * rank, 0);
    padsBegin = pads.slice(0, rank);
    output = full.map((f, i) => f - pads[i]! - pads[i + rank]!);
  }
  if (output.some((o) => o < 1)) return ctx.fail(`output size [${output.join(',')}] is empty`);
  return { batch, inChannels, outChannels, group, input, kernel, strides, dilations, padsBegin, output };
}

/** y[n, m, o] += x[n, c, i]·w[c, m, k] where o = i·stride - pad + k·dilation; y zero-filled on entry. */
function transposedConvolve(x: FloatArray, w: FloatArray, b: FloatArray | undefined, y: FloatArray, g: TransposeGeometry): void {
  const [iD, iH, iW] = lift3(g.input, 1), [kD, kH, kW] = lift3(g.kernel, 1), [sD, sH, sW] = lift3(g.strides, 1);
  const [dD, dH, dW] = lift3(g.dilations, 1), [pD, pH, pW] = lift3(g.padsBegin, 0), [oD, oH, oW] = lift3(g.output, 1);
  const cg = g.inChannels / g.group, mg = g.outChannels / g.group;
  const inPlane = iD * iH * iW, outPlane = oD * oH * oW;
  // For a tap k, input index i lands on o = i·s - p + k·d; the valid i are those with o in range.
  const inRange = (inSize: number, outSize: number, s: number, p: number, off: number): [number, number] =>
    [Math.max(0, Math.ceil((p - off) / s)), Math.min(inSize - 1, Math.floor((outSize - 1 + p - off) / s))];
  for (let n = 0; n < g.batch; n++) {
    for (let m = 0; m < g.outChannels; m++) {
      const yBase = (n * g.outChannels + m) * outPlane;
      if (b) y.fill(b[m]!, yBase, yBase + outPlane);
      const grp = Math.floor(m / mg), mi = m - grp * mg;
      for (let ci = 0; ci < cg; ci++) {
        const c = grp * cg + ci;
        const xBase = (n * g.inChannels + c) * inPlane;
        for (let kd = 0; kd < kD; kd++) {
          const [d0, d1] = inRange(iD, oD, sD, pD, kd * dD);
          for (let kh = 0; kh < kH; kh++) {
            const [h0, h1] = inRange(iH, oH, sH, pH, kh * dH);
            for (let kw = 0; kw < kW; kw++) {
              const [w0, w1] = inRange(iW, oW, sW, pW, kw * dW);
              if (w1 < w0) continue;
              const wv = w[(((c * mg + mi) * kD + kd) * kH + kh) * kW + kw]!;
              for (let id = d0; id <= d1; id++) {
                const od = id * sD - pD + kd * dD;
                for (let ih = h0; ih <= h1; ih++) {
                  const oh = ih * sH - pH + kh * dH;
                  let yi = yBase + (od * oH + oh) * oW + w0 * sW - pW + kw * dW;
                  const xRow = xBase + (id * iH + ih) * iW;
                  for (let iw = w0; iw <= w1; iw++, yi += sW) y[yi]! += wv * x[xRow + iw]!;
                }
              }
            }
          }
        }
      }
    }
  }
}

export const convTranspose: Kernel = (inputs, ctx) => {
  const x = floatInput(inputs, 0, 'X', ctx), w = floatInput(inputs, 1, 'W', ctx);
  const b = optionalFloatInput(inputs, 2, 'B', ctx);
  const g = transposeGeometry(x, w, b, ctx);
  const y = floatOutput(ctx, x.type, [g.batch, g.outChannels, ...g.output]);
  transposedConvolve(x.data, w.data, b?.data, y.data, g);
  return [y];
};

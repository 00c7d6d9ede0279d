/** QuantizeLinear and DequantizeLinear, per tensor or per axis, with uint8/int8 saturation and round-half-to-even. */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, roundHalfEven, stridesOf, tensorOf } from './tensor-values.js';

/** For element i of `x`, the index into a per-axis parameter (0 when the parameter is one value). */
function parameterIndex(x: HostTensor, param: HostTensor, ctx: KernelContext): (i: number) => number {
  if (param.data.length === 1) return () => 0;
  const axis = normalizeAxis(ctx.attrs.int('axis', 1), x.dims.length, ctx);
  if (param.data.length !== x.dims[axis]) ctx.fail(`scale has ${param.data.length} values, axis ${axis} has ${x.dims[axis]}`);
  const stride = stridesOf(x.dims)[axis]!;
  const len = x.dims[axis]!;
  return (i) => Math.floor(i / stride) % len;
}

export const quantizeLinear: Kernel = ([x, scale, zeroPoint], ctx) => {
  if (!x || !scale) return ctx.fail('needs x and y_scale');
  const type = zeroPoint?.type ?? 'uint8';
  const [lo, hi] = type === 'int8' ? [-128, 127] : type === 'uint8' ? [0, 255] : ctx.fail(`zero point of type ${type} is not supported`);
  const at = parameterIndex(x, scale, ctx);
  const out = tensorOf(type, x.dims);
  for (let i = 0; i < x.data.length; i++) {
    const k = at(i);
    // x and scale are float32 by the op's schema (stored wider on the reference device): divide as float32 does, since rounding to an integer magnifies any difference.
    const q = roundHalfEven(Math.fround(Math.fround(x.data[i] as number) / Math.fround(scale.data[k] as number))) + (zeroPoint ? (zeroPoint.data[k] as number) : 0);
    out.data[i] = Math.min(hi, Math.max(lo, q));
  }
  return [out];
};

export const dequantizeLinear: Kernel = ([x, scale, zeroPoint], ctx) => {
  if (!x || !scale) return ctx.fail('needs x and x_scale');
  const at = parameterIndex(x, scale, ctx);
  const out = tensorOf(scale.type, x.dims);
  for (let i = 0; i < x.data.length; i++) {
    const k = at(i);
    out.data[i] = (Number(x.data[i]) - (zeroPoint ? Number(zeroPoint.data[k]) : 0)) * (scale.data[k] as number);
  }
  return [out];
};

/** DynamicQuantizeLinear: uint8 quantization with scale and zero point from the data's range (0 always included), in float32 steps. */
export const dynamicQuantizeLinear: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const f = Math.fround;
  let lo = 0;
  let hi = 0;
  for (const v of x.data as Float32Array) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const scale = f(f(f(hi) - f(lo)) / 255);
  const zero = scale === 0 ? 0 : Math.min(255, Math.max(0, roundHalfEven(f(0 - f(f(lo) / scale)))));
  const out = tensorOf('uint8', x.dims);
  for (let i = 0; i < x.data.length; i++) {
    out.data[i] = scale === 0 ? zero : Math.min(255, Math.max(0, roundHalfEven(f(f(x.data[i] as number) / scale)) + zero));
  }
  return [out, tensorOf(x.type, [], x.type === 'float64' ? Float64Array.of(scale) : Float32Array.of(scale)), tensorOf('uint8', [], Uint8Array.of(zero))];
};

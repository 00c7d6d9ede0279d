/**
 * Quantized matrix products and convolutions: MatMulInteger, ConvInteger (int32
 * accumulators) and QLinearMatMul, QLinearConv (requantized to the output's uint8/int8).
 * Zero points are subtracted in float64, where every int8 product and sum is exact, and
 * the float Conv/MatMul kernels do the arithmetic; requantization divides in float32
 * steps as onnxruntime does, since rounding to integers magnifies any difference.
 */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { conv } from './conv.js';
import { matMul } from './matmul.js';
import { roundHalfEven, stridesOf, tensorOf } from './tensor-values.js';

/** `t` − zero point as float64; a per-axis zero point (length = dims[axis]) applies along `axis`. */
function centered(t: HostTensor, zeroPoint: HostTensor | undefined, axis: number): HostTensor {
  const out = tensorOf('float64', t.dims);
  const zp = zeroPoint ? Array.from(zeroPoint.data as ArrayLike<number>, Number) : [0];
  const stride = stridesOf(t.dims)[axis] ?? 1;
  const len = t.dims[axis] ?? 1;
  for (let i = 0; i < t.data.length; i++) {
    const z = zp.length === 1 ? zp[0]! : zp[Math.floor(i / stride) % len]!;
    out.data[i] = Number(t.data[i]) - z;
  }
  return out;
}

function toInt32(t: HostTensor): HostTensor {
  return tensorOf('int32', t.dims, Int32Array.from(t.data as Float64Array));
}

/** Keeps the ctx but stores floats as float64, so the float kernels compute exact integer sums. */
function exact(ctx: KernelContext): KernelContext {
  return { ...ctx, floatStorage: () => 'float64', fail: ctx.fail };
}

export const matMulInteger: Kernel = ([a, b, aZero, bZero], ctx) => {
  if (!a || !b) return ctx.fail('needs A and B');
  const [y] = matMul([centered(a, aZero, a.dims.length - 2), centered(b, bZero, b.dims.length - 1)], exact(ctx));
  return [toInt32(y!)];
};

export const convInteger: Kernel = ([x, w, xZero, wZero], ctx) => {
  if (!x || !w) return ctx.fail('needs X and W');
  const [y] = conv([centered(x, xZero, 1), centered(w, wZero, 0)], exact(ctx));
  return [toInt32(y!)];
};

/** acc · (scaleA·scaleB / scaleY) + zeroY, rounded and saturated to the zero point's type; scales may be per output channel on `axis`. */
function requantize(acc: HostTensor, inScale: number[], wScale: number[], outScale: number, outZero: HostTensor | undefined, axis: number, ctx: KernelContext): HostTensor {
  const type = outZero?.type ?? 'uint8';
  const [lo, hi] = type === 'int8' ? [-128, 127] : type === 'uint8' ? [0, 255] : ctx.fail(`output zero point of type ${type} is not supported`);
  const zero = outZero ? Number(outZero.data[0]) : 0;
  const f = Math.fround;
  const stride = stridesOf(acc.dims)[axis] ?? 1;
  const len = acc.dims[axis] ?? 1;
  const out = tensorOf(type, acc.dims);
  for (let i = 0; i < acc.data.length; i++) {
    const k = Math.floor(i / stride) % len;
    const scale = f(f(inScale.length === 1 ? inScale[0]! : inScale[k]!) * f(wScale.length === 1 ? wScale[0]! : wScale[k]!)) / f(outScale);
    out.data[i] = Math.min(hi, Math.max(lo, roundHalfEven(f(f(acc.data[i] as number) * f(scale))) + zero));
  }
  return out;
}

const values = (t: HostTensor) => Array.from(t.data as ArrayLike<number>, Number);

export const qLinearMatMul: Kernel = ([a, aScale, aZero, b, bScale, bZero, yScale, yZero], ctx) => {
  if (!a || !aScale || !b || !bScale || !yScale) return ctx.fail('needs a, a_scale, b, b_scale, y_scale');
  const [acc] = matMul([centered(a, aZero, a.dims.length - 2), centered(b, bZero, b.dims.length - 1)], exact(ctx));
  return [requantize(acc!, values(aScale), values(bScale), values(yScale)[0]!, yZero, acc!.dims.length - 1, ctx)];
};

export const qLinearConv: Kernel = ([x, xScale, xZero, w, wScale, wZero, yScale, yZero, bias], ctx) => {
  if (!x || !xScale || !w || !wScale || !yScale) return ctx.fail('needs x, x_scale, w, w_scale, y_scale');
  // The int32 bias is in units of x_scale·w_scale, so it adds to the accumulator as is.
  const b = bias ? tensorOf('float64', bias.dims, Float64Array.from(bias.data as Int32Array)) : undefined;
  const [acc] = conv([centered(x, xZero, 1), centered(w, wZero, 0), b], exact(ctx));
  return [requantize(acc!, values(xScale), values(wScale), values(yScale)[0]!, yZero, 1, ctx)];
};

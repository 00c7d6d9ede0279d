/**
 * Element-wise ops over several inputs with NumPy broadcasting: Add, Sub, Mul,
 * Div, Pow, PRelu, and the variadic Sum, Mean, Max, Min. Each is one vec4 GLSL
 * expression over its operands `a0`, `a1`, ... (elementwise-program.ts loads them).
 */
import { isFloatType, type HostTensor } from '../../../../host-tensor.js';
import { elementwiseProgram } from '../elementwise-program.js';
import type { GpuKernel, GpuKernelContext } from '../gpu-kernel.js';
import type { GpuTensor, Webgl2Value } from '../gpu-tensor.js';
import { broadcastDims } from '../../../../executor/kernels/broadcast.js';

/**
 * pow with ONNX's meaning for a negative base (defined for integer exponents, odd
 * ones keep the sign) and exact squares, which GLSL's exp2(b·log2(a)) is not.
 */
const POW = `
vec4 powv(vec4 a, vec4 b) {
  vec4 m = pow(abs(a), b);
  vec4 signed = mix(m, -m, equal(abs(mod(b, 2.0)), vec4(1.0)));
  vec4 negative = mix(vec4(intBitsToFloat(0x7fc00000)), signed, equal(floor(b), b));
  vec4 r = mix(m, negative, lessThan(a, vec4(0.0)));
  r = mix(r, vec4(1.0), equal(b, vec4(0.0)));
  r = mix(r, a, equal(b, vec4(1.0)));
  return mix(r, a * a, equal(b, vec4(2.0)));
}`;

/** Texture units are limited (16 in WebGL2's minimum); chains longer than this split. */
const MAX_OPERANDS = 8;

function broadcastRun(
  ctx: GpuKernelContext,
  key: string,
  xs: readonly GpuTensor[],
  body: string,
  helpers = '',
): GpuTensor {
  const dims = broadcastDims(xs.map((x) => x.dims), ctx);
  const operands = xs.map((x, i) => ({ name: `a${i}`, dims: x.dims }));
  return ctx.run(elementwiseProgram(key, operands, dims, body, helpers), xs, dims);
}

/** A binary op whose body is `result = <expr of a0, a1>;`. */
function binary(expr: string, helpers = ''): GpuKernel {
  return ([a, b], ctx) => {
    const x = ctx.gpu(a);
    const y = ctx.gpu(b);
    if (!x || !y) return null;
    return [broadcastRun(ctx, `binary|${expr}`, [x, y], `  result = ${expr};`, helpers)];
  };
}

export const add = binary('a0 + a1');
export const sub = binary('a0 - a1');
export const mul = binary('a0 * a1');
export const div = binary('a0 / a1');

/** Pow also takes integer exponents (opset 12+): they are converted to float on the host. */
export const pow: GpuKernel = ([a, b], ctx) => {
  const base = ctx.gpu(a);
  const exponent = ctx.gpu(b) ?? ctx.gpu(asFloat32(ctx.host(b)));
  if (!base || !exponent) return null;
  return [broadcastRun(ctx, 'binary|pow', [base, exponent], '  result = powv(a0, a1);', POW)];
};

function asFloat32(t: HostTensor | null): HostTensor | undefined {
  if (!t || isFloatType(t.type) || t.type === 'bool') return undefined;
  return { type: 'float32', dims: t.dims, data: Float32Array.from(t.data as ArrayLike<number | bigint>, Number) };
}

/** y = x where x >= 0, slope·x elsewhere; before opset 7 a [C] slope lines up with axis 1. */
export const prelu: GpuKernel = ([a, b], ctx) => {
  const x = ctx.gpu(a);
  let slope = ctx.gpu(b);
  if (!x || !slope) return null;
  const channelSlope = ctx.opset < 7 && slope.dims.length === 1 && x.dims.length > 2 && slope.dims[0] === x.dims[1];
  let aligned: GpuTensor | null = null;
  if (channelSlope) slope = aligned = slope.view([slope.dims[0]!, ...new Array<number>(x.dims.length - 2).fill(1)]);
  try {
    return [broadcastRun(ctx, 'binary|prelu', [x, slope], '  result = mix(a0, a0 * a1, lessThan(a0, vec4(0.0)));')];
  } finally {
    if (aligned) ctx.free(aligned);
  }
};

/** Sum, Mean, Max, Min of any number of inputs, `MAX_OPERANDS` per pass. */
function variadic(combine: (terms: string[]) => string, finish?: (expr: string, count: number) => string): GpuKernel {
  return (inputs, ctx) => {
    const xs = inputs.map((v: Webgl2Value | undefined) => ctx.gpu(v));
    if (xs.length === 0 || xs.some((x) => !x)) return null;
    let pending = xs as GpuTensor[];
    let made: GpuTensor | null = null;
    while (pending.length > MAX_OPERANDS) {
      const part = pending.slice(0, MAX_OPERANDS);
      const names = part.map((_, i) => `a${i}`);
      const partial = broadcastRun(ctx, `variadic|${combine(names)}`, part, `  result = ${combine(names)};`);
      if (made) ctx.free(made);
      made = partial;
      pending = [partial, ...pending.slice(MAX_OPERANDS)];
    }
    const names = pending.map((_, i) => `a${i}`);
    const expr = finish ? finish(combine(names), xs.length) : combine(names);
    const out = broadcastRun(ctx, `variadic|${expr}`, pending, `  result = ${expr};`);
    if (made) ctx.free(made);
    return [out];
  };
}

const fold = (fn: string) => (terms: string[]): string => terms.reduce((acc, t) => `${fn}(${acc}, ${t})`);

export const sum = variadic((terms) => terms.join(' + '));
export const mean = variadic((terms) => terms.join(' + '), (expr, n) => `(${expr}) / ${n}.0`);
export const max = variadic(fold('max'));
export const min = variadic(fold('min'));


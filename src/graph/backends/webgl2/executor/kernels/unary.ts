/**
 * One-input element-wise ops as vec4 GLSL snippets over `x` (four elements per
 * fragment), attributes baked in as constants. Functions GLSL lacks or computes
 * too loosely near zero (erf, expm1, tanh) are helpers below.
 */
import type { KernelContext } from '../../../../executor/kernel.js';
import { glslFloat } from '../../program.js';
import { elementwiseProgram } from '../elementwise-program.js';
import type { GpuKernel } from '../gpu-kernel.js';

/** exp(x) - 1 without the cancellation near 0 (a short series there). */
const EXPM1 = `
vec4 expm1v(vec4 x) {
  vec4 series = x + x * x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0)));
  return mix(exp(x) - 1.0, series, lessThan(abs(x), vec4(0.01)));
}`;

/** tanh via exp(-2|x|) (no overflow), with its series near 0 where 1 - e cancels. */
const TANH = `
vec4 tanhv(vec4 x) {
  vec4 e = exp(-2.0 * abs(x));
  vec4 far = sign(x) * (1.0 - e) / (1.0 + e);
  vec4 x2 = x * x;
  vec4 near = x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (2.0 / 15.0 + x2 * (-17.0 / 315.0))));
  return mix(far, near, lessThan(abs(x), vec4(0.1)));
}`;

/**
 * erf: its Maclaurin series below 0.5, the Numerical Recipes erfc fit (relative
 * error < 1.2e-7) above.
 */
const ERF = `
vec4 erfv(vec4 x) {
  vec4 z = abs(x);
  vec4 t = 1.0 / (1.0 + 0.5 * z);
  vec4 fit = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  vec4 far = sign(x) * (1.0 - fit);
  vec4 x2 = x * x;
  vec4 near = 1.1283791670955126 * x * (1.0 + x2 * (-1.0 / 3.0 + x2 * (1.0 / 10.0 + x2 * (-1.0 / 42.0 +
    x2 * (1.0 / 216.0 + x2 * (-1.0 / 1320.0 + x2 * (1.0 / 9360.0)))))));
  return mix(far, near, lessThan(z, vec4(0.5)));
}`;

/**
 * sin and cos good to float32 rounding: SwiftShader's builtins are off by ~4e-5
 * over a few periods. Cody–Waite reduction by π/2 (in three parts), Taylor
 * polynomials on [−π/4, π/4], the quadrant picking sin or cos and the sign.
 */
const TRIG = `
void sinCos(vec4 x, out vec4 s, out vec4 c) {
  vec4 k = floor(x * 0.6366197723675814 + 0.5);
  vec4 r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  vec4 r2 = r * r;
  vec4 sr = r + r * r2 * (-1.0 / 6.0 + r2 * (1.0 / 120.0 + r2 * (-1.0 / 5040.0 + r2 * (1.0 / 362880.0))));
  vec4 cr = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24.0 + r2 * (-1.0 / 720.0 + r2 * (1.0 / 40320.0))));
  vec4 q = k - 4.0 * floor(k * 0.25);
  bvec4 odd = equal(mod(q, 2.0), vec4(1.0));
  // Quadrant q: sin is sr, cr, −sr, −cr and cos is cr, −sr, −cr, sr.
  s = mix(sr, cr, odd) * mix(vec4(1.0), vec4(-1.0), greaterThanEqual(q, vec4(2.0)));
  c = mix(cr, sr, odd) * mix(vec4(1.0), vec4(-1.0), lessThan(abs(q - 1.5), vec4(1.0)));
}
vec4 sinv(vec4 x) { vec4 s; vec4 c; sinCos(x, s, c); return s; }
vec4 cosv(vec4 x) { vec4 s; vec4 c; sinCos(x, s, c); return c; }`;

interface Snippet {
  /** vec4 expression of `x`. */
  expr: string;
  helpers?: string;
}

type SnippetMaker = (ctx: KernelContext) => Snippet;

const f = glslFloat;

export const UNARY_SNIPPETS: ReadonlyMap<string, SnippetMaker> = new Map<string, SnippetMaker>([
  ['Relu', () => ({ expr: 'max(x, 0.0)' })],
  ['Sigmoid', () => ({ expr: '1.0 / (1.0 + exp(-x))' })],
  ['Tanh', () => ({ expr: 'tanhv(x)', helpers: TANH })],
  ['Exp', () => ({ expr: 'exp(x)' })],
  ['Log', () => ({ expr: 'log(x)' })],
  ['Sqrt', () => ({ expr: 'sqrt(x)' })],
  ['Abs', () => ({ expr: 'abs(x)' })],
  ['Neg', () => ({ expr: '-x' })],
  ['Reciprocal', () => ({ expr: '1.0 / x' })],
  ['Floor', () => ({ expr: 'floor(x)' })],
  ['Ceil', () => ({ expr: 'ceil(x)' })],
  ['Round', () => ({ expr: 'roundEven(x)' })],
  ['Sign', () => ({ expr: 'sign(x)' })],
  ['Sin', () => ({ expr: 'sinv(x)', helpers: TRIG })],
  ['Cos', () => ({ expr: 'cosv(x)', helpers: TRIG })],
  ['Erf', () => ({ expr: 'erfv(x)', helpers: ERF })],
  ['Softsign', () => ({ expr: 'x / (1.0 + abs(x))' })],
  ['Softplus', () => ({ expr: 'max(x, 0.0) + log(1.0 + exp(-abs(x)))' })],
  ['HardSwish', () => ({ expr: 'x * clamp(x / 6.0 + 0.5, 0.0, 1.0)' })],
  ['LeakyRelu', (ctx) => ({ expr: `mix(x, ${f(ctx.attrs.float('alpha', 0.01))} * x, lessThan(x, vec4(0.0)))` })],
  ['ThresholdedRelu', (ctx) => ({ expr: `mix(vec4(0.0), x, greaterThan(x, vec4(${f(ctx.attrs.float('alpha', 1))})))` })],
  ['HardSigmoid', (ctx) => ({
    expr: `clamp(${f(ctx.attrs.float('alpha', 0.2))} * x + ${f(ctx.attrs.float('beta', 0.5))}, 0.0, 1.0)`,
  })],
  ['Elu', (ctx) => ({ expr: `mix(x, ${f(ctx.attrs.float('alpha', 1))} * expm1v(x), lessThan(x, vec4(0.0)))`, helpers: EXPM1 })],
  ['Celu', (ctx) => {
    const alpha = f(ctx.attrs.float('alpha', 1));
    return { expr: `max(x, 0.0) + min(vec4(0.0), ${alpha} * expm1v(x / ${alpha}))`, helpers: EXPM1 };
  }],
  ['Selu', (ctx) => {
    const alpha = ctx.attrs.float('alpha', 1.67326319217681884765625);
    const gamma = ctx.attrs.float('gamma', 1.05070102214813232421875);
    return { expr: `${f(gamma)} * mix(x, ${f(alpha)} * expm1v(x), lessThanEqual(x, vec4(0.0)))`, helpers: EXPM1 };
  }],
]);

/** The kernel running `snippet` over a float32 input. */
export function unaryKernel(make: SnippetMaker): GpuKernel {
  return ([input], ctx) => {
    const x = ctx.gpu(input);
    if (!x) return null;
    const { expr, helpers } = make(ctx);
    return [ctx.run(elementwiseProgram(`unary|${expr}`, [{ name: 'x', dims: x.dims }], x.dims, `  result = ${expr};`, helpers), [x], x.dims)];
  };
}

/** Clip: bounds are attributes before opset 11, optional scalar inputs from it (read on the host). */
export const clip: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  if (!x) return null;
  let lo = -Infinity;
  let hi = Infinity;
  if (ctx.opset < 11) {
    lo = ctx.attrs.float('min', -Infinity);
    hi = ctx.attrs.float('max', Infinity);
  } else {
    for (const [k, which] of [[1, 'min'], [2, 'max']] as const) {
      if (!inputs[k]) continue;
      const bound = ctx.host(inputs[k]);
      if (!bound || bound.data.length !== 1) return null;
      const v = Number(bound.data[0]!);
      if (which === 'min') lo = v;
      else hi = v;
    }
  }
  const terms = [Number.isFinite(lo) ? `max(x, ${f(lo)})` : 'x'];
  const expr = Number.isFinite(hi) ? `min(${terms[0]}, ${f(hi)})` : terms[0]!;
  return [ctx.run(elementwiseProgram(`unary|${expr}`, [{ name: 'x', dims: x.dims }], x.dims, `  result = ${expr};`), [x], x.dims)];
};

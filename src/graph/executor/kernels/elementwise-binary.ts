/**
 * Add, Sub, Mul, Div, Pow, Max, Min, Sum, Mean with NumPy broadcasting, on floats and
 * every integer type (int64 as bigint). Integer Div truncates toward zero and integer
 * results wrap, as onnxruntime computes them. Before opset 7, Add/Sub/Mul/Div took
 * `broadcast=1` with an `axis` where B's dims line up with A's.
 */
import { elementCount, isBigIntType, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { broadcastDims, broadcastIndex } from './broadcast.js';
import { tensorOf } from './tensor-values.js';

type NumberOp = (a: number, b: number) => number;
type BigOp = (a: bigint, b: bigint) => bigint;

interface BinaryMath {
  float: NumberOp;
  /** Integer types held as numbers; the store into the typed array wraps. */
  int: NumberOp;
  big: BigOp;
}

/** Combines `a` and `b` elementwise with broadcasting; the result has `a`'s type. */
export function broadcastBinary(a: HostTensor, b: HostTensor, math: BinaryMath, ctx: KernelContext, allowMixedTypes = false): HostTensor {
  if (a.type !== b.type && !allowMixedTypes) return ctx.fail(`inputs are ${a.type} and ${b.type}; they must have one type`);
  const dims = broadcastDims([a.dims, b.dims], ctx);
  const out = tensorOf(a.type, dims);
  const n = elementCount(dims);
  const ia = broadcastIndex(a.dims, dims);
  const ib = broadcastIndex(b.dims, dims);
  const x = a.data;
  const y = b.data;
  const z = out.data;
  if (isBigIntType(a.type)) {
    const f = math.big;
    const toBig = isBigIntType(b.type) ? (v: number | bigint) => v as bigint : (v: number | bigint) => BigInt(Math.trunc(Number(v)));
    for (let i = 0; i < n; i++) z[i] = f(x[ia ? ia[i]! : i] as bigint, toBig(y[ib ? ib[i]! : i]!));
    if (a.type === 'int64') for (let i = 0; i < n; i++) z[i] = BigInt.asIntN(64, z[i] as bigint);
    return out;
  }
  const f = isFloatType(a.type) ? math.float : math.int;
  const yNum = isBigIntType(b.type) ? (v: number | bigint) => Number(v) : (v: number | bigint) => v as number;
  if (!ia && !ib && !isBigIntType(b.type)) {
    const xs = x as Float32Array;
    const ys = y as Float32Array;
    const zs = z as Float32Array;
    for (let i = 0; i < n; i++) zs[i] = f(xs[i]!, ys[i]!);
    return out;
  }
  for (let i = 0; i < n; i++) z[i] = f(x[ia ? ia[i]! : i] as number, yNum(y[ib ? ib[i]! : i]!));
  return out;
}

/** Opset < 7: without `broadcast`, shapes must match; with it, B lines up with A from `axis` (default: the trailing dims). */
function legacyAligned(a: HostTensor, b: HostTensor, ctx: KernelContext): HostTensor {
  if (ctx.opset >= 7) return b;
  if (ctx.attrs.int('broadcast', 0) === 0) {
    if (a.dims.length !== b.dims.length || a.dims.some((d, i) => d !== b.dims[i])) return ctx.fail(`shapes [${a.dims.join(',')}] and [${b.dims.join(',')}] differ and broadcast is 0`);
    return b;
  }
  const axis = ctx.attrs.int('axis', a.dims.length - b.dims.length);
  const start = axis < 0 ? axis + a.dims.length : axis;
  const trailing = a.dims.length - start - b.dims.length;
  if (start < 0 || trailing < 0) return ctx.fail(`cannot line B [${b.dims.join(',')}] up with A [${a.dims.join(',')}] at axis ${axis}`);
  return { ...b, dims: [...b.dims, ...new Array<number>(trailing).fill(1)] };
}

const ADD: BinaryMath = { float: (a, b) => a + b, int: (a, b) => a + b, big: (a, b) => a + b };
const SUB: BinaryMath = { float: (a, b) => a - b, int: (a, b) => a - b, big: (a, b) => a - b };
const MUL: BinaryMath = { float: (a, b) => a * b, int: (a, b) => Math.imul(a, b), big: (a, b) => a * b };
const DIV: BinaryMath = {
  float: (a, b) => a / b,
  int: (a, b) => (b === 0 ? 0 : Math.trunc(a / b)),
  big: (a, b) => (b === 0n ? 0n : a / b),
};
const MAX: BinaryMath = { float: (a, b) => (a !== a || b !== b ? NaN : a > b ? a : b), int: (a, b) => (a > b ? a : b), big: (a, b) => (a > b ? a : b) };
const MIN: BinaryMath = { float: (a, b) => (a !== a || b !== b ? NaN : a < b ? a : b), int: (a, b) => (a < b ? a : b), big: (a, b) => (a < b ? a : b) };
const POW: BinaryMath = {
  float: (a, b) => Math.pow(a, b),
  int: (a, b) => Math.trunc(Math.pow(a, b)),
  big: (a, b) => (b < 0n ? (a === 1n ? 1n : a === -1n ? (b % 2n === 0n ? 1n : -1n) : 0n) : a ** b),
};

function binary(math: BinaryMath): Kernel {
  return ([a, b], ctx) => {
    if (!a || !b) return ctx.fail('needs two inputs');
    return [broadcastBinary(a, legacyAligned(a, b, ctx), math, ctx)];
  };
}

/** Folds any number of inputs (at least one) left to right with broadcasting. */
function variadic(math: BinaryMath, finish?: (sum: HostTensor, count: number) => HostTensor): Kernel {
  return (inputs, ctx) => {
    const present = inputs.filter((t): t is HostTensor => t !== undefined);
    if (present.length === 0) return ctx.fail('needs at least one input');
    let acc = present[0]!;
    for (const t of present.slice(1)) acc = broadcastBinary(acc, t, math, ctx);
    if (present.length === 1) acc = { ...acc, data: acc.data.slice() } as HostTensor;
    return [finish ? finish(acc, present.length) : acc];
  };
}

function divideBy(t: HostTensor, count: number): HostTensor {
  if (!isFloatType(t.type)) return t;
  const data = t.data as Float32Array;
  for (let i = 0; i < data.length; i++) data[i] = data[i]! / count;
  return t;
}

export const add = binary(ADD);
export const sub = binary(SUB);
export const mul = binary(MUL);
export const div = binary(DIV);
export const pow: Kernel = ([a, b], ctx) => {
  if (!a || !b) return ctx.fail('needs two inputs');
  // From opset 12 the exponent may have its own type; the result keeps the base's.
  return [broadcastBinary(a, legacyAligned(a, b, ctx), POW, ctx, true)];
};
/** fmod=0: the remainder takes the divisor's sign (Python's %); fmod=1: the dividend's (C's fmod). */
export const mod: Kernel = ([a, b], ctx) => {
  if (!a || !b) return ctx.fail('needs two inputs');
  const fmod = ctx.attrs.int('fmod', 0) === 1;
  if (!fmod && isFloatType(a.type)) ctx.fail('fmod must be 1 for float inputs');
  const floorMod = (x: number, y: number) => (y === 0 ? 0 : x - Math.floor(x / y) * y);
  const math: BinaryMath = fmod
    ? { float: (x, y) => x % y, int: (x, y) => (y === 0 ? 0 : x % y), big: (x, y) => (y === 0n ? 0n : x % y) }
    : { float: floorMod, int: floorMod, big: (x, y) => (y === 0n ? 0n : ((x % y) + y) % y) };
  return [broadcastBinary(a, b, math, ctx)];
};

/** Shifts of unsigned integers; `direction` is LEFT or RIGHT. */
export const bitShift: Kernel = ([a, b], ctx) => {
  if (!a || !b) return ctx.fail('needs two inputs');
  const left = ctx.attrs.required('direction', 'string') === 'LEFT';
  const math: BinaryMath = {
    float: () => ctx.fail('takes unsigned integers'),
    int: left ? (x, y) => (y >= 32 ? 0 : (x * 2 ** y) % 2 ** 32) : (x, y) => (y >= 32 ? 0 : Math.floor(x / 2 ** y)),
    big: left ? (x, y) => BigInt.asUintN(64, x << y) : (x, y) => x >> y,
  };
  return [broadcastBinary(a, b, math, ctx)];
};

export const max = variadic(MAX);
export const min = variadic(MIN);
export const sum = variadic(ADD);
export const mean = variadic(ADD, divideBy);

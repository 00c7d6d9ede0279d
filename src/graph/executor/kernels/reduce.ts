/**
 * ReduceSum, ReduceMean, ReduceMax, and the rest of the family (Min, SumSquare, Prod,
 * L1, L2, LogSum, LogSumExp), which cost one line each. Axes come from the `axes` attribute, or from the second input from opset 13
 * (ReduceSum) / 18 (the others), where an empty list reduces every axis unless
 * noop_with_empty_axes is set. keepdims (default 1) keeps reduced axes as size 1.
 */
import { allocateData, elementCount, isBigIntType, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, readInts } from './tensor-values.js';

interface Reduction {
  /** Opset from which the axes are an input rather than an attribute. */
  readonly axesInputSince: number;
  readonly initial: number;
  step(acc: number, v: number): number;
  finish(acc: number, count: number): number;
}

const REDUCTIONS = {
  ReduceSum: { axesInputSince: 13, initial: 0, step: (a, v) => a + v, finish: (a) => a },
  ReduceMean: { axesInputSince: 18, initial: 0, step: (a, v) => a + v, finish: (a, n) => a / n },
  ReduceMax: { axesInputSince: 18, initial: -Infinity, step: (a, v) => (v > a || Number.isNaN(v) ? v : a), finish: (a) => a },
  ReduceMin: { axesInputSince: 18, initial: Infinity, step: (a, v) => (v < a || Number.isNaN(v) ? v : a), finish: (a) => a },
  ReduceSumSquare: { axesInputSince: 18, initial: 0, step: (a, v) => a + v * v, finish: (a) => a },
  ReduceProd: { axesInputSince: 18, initial: 1, step: (a, v) => a * v, finish: (a) => a },
  ReduceL1: { axesInputSince: 18, initial: 0, step: (a, v) => a + Math.abs(v), finish: (a) => a },
  ReduceL2: { axesInputSince: 18, initial: 0, step: (a, v) => a + v * v, finish: (a) => Math.sqrt(a) },
  ReduceLogSum: { axesInputSince: 18, initial: 0, step: (a, v) => a + v, finish: (a) => Math.log(a) },
  ReduceLogSumExp: { axesInputSince: 18, initial: 0, step: (a, v) => a + Math.exp(v), finish: (a) => Math.log(a) },
} satisfies Record<string, Reduction>;

export type ReduceOp = keyof typeof REDUCTIONS;

/** The reduced axes (sorted, normalized), or null for "return the input unchanged". */
function reducedAxes(inputs: readonly (HostTensor | undefined)[], rank: number, r: Reduction, ctx: KernelContext): number[] | null {
  let axes: number[];
  if (ctx.opset >= r.axesInputSince) {
    axes = inputs[1] ? readInts(inputs[1]) : [];
    if (axes.length === 0 && ctx.attrs.int('noop_with_empty_axes', 0) === 1) return null;
  } else {
    axes = [...ctx.attrs.ints('axes', [])];
  }
  if (axes.length === 0) return [...Array(rank).keys()];
  const normalized = [...new Set(axes.map((a) => normalizeAxis(a, rank, ctx)))];
  return normalized.sort((a, b) => a - b);
}

function reduceKernel(op: ReduceOp): Kernel {
  const r: Reduction = REDUCTIONS[op];
  return (inputs, ctx) => {
    const x = inputs[0];
    if (!x) return ctx.fail('input 0 (data) is missing');
    if (x.type === 'bool' || x.type === 'float16') return ctx.fail(`input 0 (data) is ${x.type}; this op takes float or integer values`);
    const rank = x.dims.length;
    const axes = reducedAxes(inputs, rank, r, ctx);
    if (!axes) return [x];
    const keep = ctx.attrs.int('keepdims', 1) === 1;
    const reduced = new Set(axes);
    const outDims = x.dims.flatMap((d, i) => (reduced.has(i) ? (keep ? [1] : []) : [d]));
    const outCount = elementCount(outDims);
    // Output stride of each input axis (0 along reduced axes), walked with an odometer.
    const strides = new Array<number>(rank).fill(0);
    for (let i = rank - 1, s = 1; i >= 0; i--) if (!reduced.has(i)) { strides[i] = s; s *= x.dims[i]!; }
    const acc = new Float64Array(outCount).fill(r.initial);
    const data = x.data as ArrayLike<number | bigint>;
    const big = isBigIntType(x.type);
    const coord = new Array<number>(rank).fill(0);
    let out = 0;
    for (let i = 0, n = data.length; i < n; i++) {
      acc[out] = r.step(acc[out]!, big ? Number(data[i]) : (data[i] as number));
      for (let a = rank - 1; a >= 0; a--) {
        out += strides[a]!;
        if (++coord[a]! < x.dims[a]!) break;
        out -= strides[a]! * x.dims[a]!;
        coord[a] = 0;
      }
    }
    const count = outCount === 0 ? 0 : data.length / outCount;
    const type = isFloatType(x.type) ? ctx.floatStorage(x.type) : x.type;
    const y = allocateData(type, outCount);
    for (let i = 0; i < outCount; i++) {
      const v = r.finish(acc[i]!, count);
      if (big) (y as BigInt64Array)[i] = BigInt(Number.isFinite(v) ? Math.trunc(v) : 0);
      else (y as Float64Array)[i] = isFloatType(type) ? v : Math.trunc(v);
    }
    return [{ type, dims: outDims, data: y }];
  };
}

export const reduceSum = reduceKernel('ReduceSum');
export const reduceMean = reduceKernel('ReduceMean');
export const reduceMax = reduceKernel('ReduceMax');
export const reduceMin = reduceKernel('ReduceMin');
export const reduceSumSquare = reduceKernel('ReduceSumSquare');
export const reduceProd = reduceKernel('ReduceProd');
export const reduceL1 = reduceKernel('ReduceL1');
export const reduceL2 = reduceKernel('ReduceL2');
export const reduceLogSum = reduceKernel('ReduceLogSum');
export const reduceLogSumExp = reduceKernel('ReduceLogSumExp');

/**
 * ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceSumSquare,
 * ReduceL1, ReduceL2, ReduceLogSumExp: one output element loops over the reduced
 * axes (nested loops, one per axis). Axes come from the attribute, or from the
 * second input from opset 13 (ReduceSum) / 18 (the others); none means all,
 * unless noop_with_empty_axes.
 */
import type { GpuProgram } from '../../program.js';
import type { GpuKernel } from '../gpu-kernel.js';
import { coordinates, dot } from '../tensor-glsl.js';
import { stridesOf } from '../../../../executor/kernels/tensor-values.js';

interface Reducer {
  init: string;
  /** Statement folding float `v` into `acc`. */
  step: string;
  /** Expression of `acc` and `count`. */
  finish: string;
  /** A second pass after finding the max (LogSumExp). */
  shifted?: boolean;
}

const REDUCERS: Record<string, Reducer> = {
  ReduceSum: { init: '0.0', step: 'acc += v;', finish: 'acc' },
  ReduceMean: { init: '0.0', step: 'acc += v;', finish: 'acc / float(count)' },
  ReduceMax: { init: '-intBitsToFloat(0x7f800000)', step: 'acc = max(acc, v);', finish: 'acc' },
  ReduceMin: { init: 'intBitsToFloat(0x7f800000)', step: 'acc = min(acc, v);', finish: 'acc' },
  ReduceProd: { init: '1.0', step: 'acc *= v;', finish: 'acc' },
  ReduceSumSquare: { init: '0.0', step: 'acc += v * v;', finish: 'acc' },
  ReduceL1: { init: '0.0', step: 'acc += abs(v);', finish: 'acc' },
  ReduceL2: { init: '0.0', step: 'acc += v * v;', finish: 'sqrt(acc)' },
  ReduceLogSumExp: { init: '0.0', step: 'acc += exp(v - shift);', finish: 'shift + log(acc)', shifted: true },
};

export function reduceProgram(op: string, dims: readonly number[], axes: readonly number[]): GpuProgram {
  const r = REDUCERS[op]!;
  const kept = dims.map((d, k) => (axes.includes(k) ? 1 : d));
  const strides = stridesOf(dims);
  const base = dot(kept.map((_, k) => `o${k}`), kept.map((_, k) => (axes.includes(k) ? 0 : strides[k]!)));
  const walk = (body: string) => {
    const loops = axes.map((a) => `for (int r${a} = 0; r${a} < ${dims[a]}; r${a}++) {`).join(' ');
    const at = ['base', ...axes.map((a) => `r${a} * ${strides[a]}`)].join(' + ');
    return `${loops} float v = x_at(${at}); ${body} ${'}'.repeat(axes.length)}`;
  };
  const count = axes.reduce((n, a) => n * dims[a]!, 1);
  return {
    key: `reduce|${op}|${dims}|${axes}`,
    inputs: ['x'],
    outputSize: kept.reduce((a, b) => a * b, 1),
    main: `
  ${coordinates('o', kept)}
  int base = ${base};
  int count = ${count};
  ${r.shifted ? `float shift = -intBitsToFloat(0x7f800000); ${walk('shift = max(shift, v);')}` : ''}
  float acc = ${r.init};
  ${walk(r.step)}
  result = ${r.finish};`,
  };
}

function reduce(op: string): GpuKernel {
  return (inputs, ctx) => {
    const x = ctx.gpu(inputs[0]);
    if (!x) return null;
    const fromInput = ctx.opset >= (op === 'ReduceSum' ? 13 : 18);
    let axes: number[] | null;
    if (fromInput) {
      if (!inputs[1]) axes = null;
      else {
        const t = ctx.host(inputs[1]);
        if (!t) return null;
        axes = Array.from(t.data as ArrayLike<number | bigint>, Number);
        if (axes.length === 0) axes = null;
      }
    } else {
      axes = ctx.attrs.ints('axes')?.slice() ?? null;
    }
    const rank = x.dims.length;
    if (axes === null && ctx.attrs.int('noop_with_empty_axes', 0) === 1) return [x.view(x.dims)];
    const normalized = (axes ?? x.dims.map((_, k) => k)).map((a) => {
      if (a < -rank || a >= rank) return ctx.fail(`axis ${a} is out of range for rank ${rank}`);
      return a < 0 ? a + rank : a;
    });
    const unique = [...new Set(normalized)].sort((a, b) => a - b);
    const keep = ctx.attrs.int('keepdims', 1) === 1;
    const dims = keep ? x.dims.map((d, k) => (unique.includes(k) ? 1 : d)) : x.dims.filter((_, k) => !unique.includes(k));
    if (x.size === 0) return null;
    return [ctx.run(reduceProgram(op, x.dims, unique), [x], dims)];
  };
}

export const REDUCE_KERNELS: ReadonlyMap<string, GpuKernel> = new Map(Object.keys(REDUCERS).map((op) => [op, reduce(op)]));

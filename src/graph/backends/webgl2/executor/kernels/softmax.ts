/**
 * Softmax and LogSoftmax on any axis, in two passes: one fragment per row finds
 * the row's max and Σexp(x − max) (two render targets), then every element reads
 * its row's pair. Before opset 13 the "row" is everything from `axis` on (the
 * input coerced to 2-D); from 13 it is the one axis, its elements `inner` apart.
 */
import type { GpuProgram } from '../../program.js';
import type { GpuKernel } from '../gpu-kernel.js';

/** Rows are (outer, inner) pairs; a row's elements are `length` steps of `inner`. */
function statisticsProgram(outer: number, length: number, inner: number): GpuProgram {
  return {
    key: `softmax-stats|${outer},${length},${inner}`,
    inputs: ['x'],
    outputSize: outer * inner,
    outputs: ['rowMax', 'rowSum'],
    main: `
  int base = (index / ${inner}) * ${length * inner} + index % ${inner};
  float m = x_at(base);
  for (int l = 1; l < ${length}; l++) m = max(m, x_at(base + l * ${inner}));
  float s = 0.0;
  for (int l = 0; l < ${length}; l++) s += exp(x_at(base + l * ${inner}) - m);
  rowMax = m;
  rowSum = s;`,
  };
}

function outputProgram(outer: number, length: number, inner: number, log: boolean): GpuProgram {
  return {
    key: `softmax|${log}|${outer},${length},${inner}`,
    inputs: ['x', 'rowMax', 'rowSum'],
    outputSize: outer * length * inner,
    main: `
  int row = (index / ${length * inner}) * ${inner} + index % ${inner};
  float shifted = x_at(index) - rowMax_at(row);
  result = ${log ? 'shifted - log(rowSum_at(row))' : 'exp(shifted) / rowSum_at(row)'};`,
  };
}

function softmaxKernel(log: boolean): GpuKernel {
  return (inputs, ctx) => {
    const x = ctx.gpu(inputs[0]);
    if (!x) return null;
    const rank = x.dims.length;
    const raw = ctx.attrs.int('axis', ctx.opset < 13 ? 1 : -1);
    if (raw < -rank || raw >= Math.max(rank, 1)) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
    const axis = raw < 0 ? raw + rank : raw;
    const outer = x.dims.slice(0, axis).reduce((a, b) => a * b, 1);
    const length = ctx.opset < 13 ? x.size / Math.max(outer, 1) : (x.dims[axis] ?? 1);
    const inner = ctx.opset < 13 ? 1 : x.dims.slice(axis + 1).reduce((a, b) => a * b, 1);
    if (x.size === 0) return [x.view(x.dims)];
    const [rowMax, rowSum] = ctx.runMany(statisticsProgram(outer, length, inner), [x], [outer * inner]);
    try {
      return [ctx.run(outputProgram(outer, length, inner, log), [x, rowMax!, rowSum!], x.dims)];
    } finally {
      ctx.free(rowMax!);
      ctx.free(rowSum!);
    }
  };
}

export const softmax = softmaxKernel(false);
export const logSoftmax = softmaxKernel(true);

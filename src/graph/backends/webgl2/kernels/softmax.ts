/**
 * Row-wise softmax, stabilised by subtracting the row maximum before exp so no
 * term overflows. Each fragment recomputes its row's max and sum: rows are short
 * (10 classes), and it saves a pass plus two intermediate buffers.
 */
import type { Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import type { GpuProgram } from '../program.js';

/** GLSL helpers `rowMax(row)` and `rowSumExp(row, max)` over input `name` with `cols` columns. */
export function rowStatistics(name: string, cols: number): string {
  return `
float rowMax(int row) {
  float m = ${name}_at(row * ${cols});
  for (int c = 1; c < ${cols}; c++) m = max(m, ${name}_at(row * ${cols} + c));
  return m;
}
float rowSumExp(int row, float m) {
  float s = 0.0;
  for (int c = 0; c < ${cols}; c++) s += exp(${name}_at(row * ${cols} + c) - m);
  return s;
}`;
}

export function softmaxProgram(rows: number, cols: number): GpuProgram {
  return {
    key: `softmax|${rows},${cols}`,
    inputs: ['x'],
    outputSize: rows * cols,
    helpers: rowStatistics('x', cols),
    main: `
  int row = index / ${cols};
  float m = rowMax(row);
  result = exp(x_at(index) - m) / rowSumExp(row, m);`,
  };
}

export function softmax(ctx: KernelContext, x: Storage, rows: number, cols: number): Storage {
  return runOne(ctx, softmaxProgram(rows, cols), [x]);
}

/**
 * Gemm (ONNX opsets 1-22): Y = alpha · op(A) · op(B) + beta · C, op transposing when
 * transA / transB is set, C optional (from opset 11) and broadcast to [M, N]
 * (unidirectionally: [], [N], [1, N], [M, 1], [M, N]).
 */
import type { Kernel, KernelContext } from '../kernel.js';
import { floatInput, floatOutput, optionalFloatInput, type FloatTensor } from './float-io.js';
import { multiplyInto } from './matmul.js';

/** beta·C added to y [m×n], C broadcast from its own shape. */
function addBias(y: Float32Array | Float64Array, c: FloatTensor, m: number, n: number, beta: number, ctx: KernelContext): void {
  const dims = c.dims;
  const rows = dims.length === 2 ? dims[0]! : 1, cols = dims.length >= 1 ? dims[dims.length - 1]! : 1;
  if (dims.length > 2 || (rows !== 1 && rows !== m) || (cols !== 1 && cols !== n))
    return ctx.fail(`C [${dims.join(',')}] does not broadcast to [${m},${n}]`);
  const C = c.data;
  for (let i = 0; i < m; i++) {
    const cRow = rows === 1 ? 0 : i * cols;
    for (let j = 0; j < n; j++) y[i * n + j]! += beta * C[cRow + (cols === 1 ? 0 : j)]!;
  }
}

export const gemm: Kernel = (inputs, ctx) => {
  const a = floatInput(inputs, 0, 'A', ctx), b = floatInput(inputs, 1, 'B', ctx), c = optionalFloatInput(inputs, 2, 'C', ctx);
  if (a.dims.length !== 2 || b.dims.length !== 2) return ctx.fail(`A [${a.dims.join(',')}] and B [${b.dims.join(',')}] must be matrices`);
  const transA = ctx.attrs.int('transA', 0) === 1, transB = ctx.attrs.int('transB', 0) === 1;
  const alpha = ctx.attrs.float('alpha', 1), beta = ctx.attrs.float('beta', 1);
  const [m, k] = transA ? [a.dims[1]!, a.dims[0]!] : [a.dims[0]!, a.dims[1]!];
  const [kb, n] = transB ? [b.dims[1]!, b.dims[0]!] : [b.dims[0]!, b.dims[1]!];
  if (k !== kb) return ctx.fail(`op(A) is [${m},${k}] and op(B) is [${kb},${n}]: inner sizes differ (transA ${+transA}, transB ${+transB})`);
  const y = floatOutput(ctx, a.type, [m, n]);
  multiplyInto({ data: a.data, offset: 0, rowStride: transA ? 1 : k, colStride: transA ? m : 1 },
    { data: b.data, offset: 0, rowStride: transB ? 1 : n, colStride: transB ? k : 1 }, y.data, 0, m, k, n, alpha);
  if (c && beta !== 0) addBias(y.data, c, m, n, beta, ctx);
  return [y];
};

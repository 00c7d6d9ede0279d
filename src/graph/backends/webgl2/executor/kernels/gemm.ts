/**
 * Gemm: Y = alpha·op(A)·op(B) + beta·C with every attribute. The product is the
 * training backend's gemm program (vector bodies when rows have 4k columns); a
 * C of [N] rides along as its bias, any other broadcastable C is added after.
 */
import { gemmProgram } from '../../kernels/gemm.js';
import { glslFloat } from '../../program.js';
import { elementwiseProgram } from '../elementwise-program.js';
import type { GpuKernel } from '../gpu-kernel.js';

export const gemm: GpuKernel = (inputs, ctx) => {
  const a = ctx.gpu(inputs[0]);
  const b = ctx.gpu(inputs[1]);
  const c = inputs[2] ? ctx.gpu(inputs[2]) : null;
  if (!a || !b || (inputs[2] && !c)) return null;
  if (a.dims.length !== 2 || b.dims.length !== 2) return ctx.fail(`A [${a.dims}] and B [${b.dims}] must be matrices`);
  const transA = ctx.attrs.int('transA', 0) === 1;
  const transB = ctx.attrs.int('transB', 0) === 1;
  const alpha = ctx.attrs.float('alpha', 1);
  const beta = ctx.attrs.float('beta', 1);
  const [m, k] = transA ? [a.dims[1]!, a.dims[0]!] : [a.dims[0]!, a.dims[1]!];
  const [kb, n] = transB ? [b.dims[1]!, b.dims[0]!] : [b.dims[0]!, b.dims[1]!];
  if (k !== kb) return ctx.fail(`A [${a.dims}] and B [${b.dims}] do not multiply (transA=${+transA}, transB=${+transB})`);
  const geometry = { m, n, k, transA, transB, alpha, beta };
  const withC = c !== null && beta !== 0;
  const rowBias = withC && c.size === n && (c.dims.length === 1 || (c.dims.length === 2 && c.dims[0] === 1));
  if (!withC || rowBias) return [ctx.run(gemmProgram(geometry, rowBias), rowBias ? [a, b, c] : [a, b], [m, n])];
  const product = ctx.run(gemmProgram(geometry, false), [a, b], [m, n]);
  const operands = [{ name: 'p', dims: [m, n] }, { name: 'c', dims: c.dims }];
  try {
    return [ctx.run(elementwiseProgram(`gemm-c|${beta}`, operands, [m, n], `  result = p + ${glslFloat(beta)} * c;`), [product, c], [m, n])];
  } finally {
    ctx.free(product);
  }
};

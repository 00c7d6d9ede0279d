/**
 * MatMul with NumPy semantics: 1-D operands promoted (and the added axis dropped),
 * batch axes broadcast. A fragment's lanes are four neighbouring columns of one
 * output row when N is a multiple of 4 (each B texel feeds four products, A read a
 * texel at a time when K is too); other shapes take a scalar body.
 */
import type { GpuProgram } from '../../program.js';
import type { GpuKernel } from '../gpu-kernel.js';
import { broadcastStrides, collapseDims, offsetFunction } from '../tensor-glsl.js';
import { broadcastDims } from '../../../../executor/kernels/broadcast.js';

export function matmulProgram(aBatch: readonly number[], bBatch: readonly number[], batch: readonly number[], m: number, k: number, n: number): GpuProgram {
  const strides = [broadcastStrides(aBatch, batch).map((s) => s * m * k), broadcastStrides(bBatch, batch).map((s) => s * k * n)];
  const collapsed = collapseDims(batch, strides);
  const helpers = [offsetFunction('aBatch', collapsed.dims, collapsed.strides[0]!), offsetFunction('bBatch', collapsed.dims, collapsed.strides[1]!)].join('\n');
  const head = `
  int j = index % ${n};
  int rest = index / ${n};
  int i = rest % ${m};
  int b = rest / ${m};
  int aAt = aBatch(b) + i * ${k};`;
  const size = batch.reduce((x, y) => x * y, 1) * m * n;
  const key = `matmul|${collapsed.dims}|${collapsed.strides.join(';')}|${m},${k},${n}`;
  if (n % 4 !== 0) {
    return {
      key, inputs: ['a', 'b'], outputSize: size, helpers,
      main: `${head}
  int bAt = bBatch(b) + j;
  float acc = 0.0;
  for (int kk = 0; kk < ${k}; kk++) acc += a_at(aAt + kk) * b_at(bAt + kk * ${n});
  result = acc;`,
    };
  }
  const q = n / 4;
  const loop = k % 4 === 0
    ? `
  int aT = aAt >> 2;
  for (int t = 0; t < ${k / 4}; t++) {
    vec4 av = a_texel(aT + t);
    acc += av.x * b_texel(bT) + av.y * b_texel(bT + ${q}) + av.z * b_texel(bT + ${2 * q}) + av.w * b_texel(bT + ${3 * q});
    bT += ${4 * q};
  }`
    : `
  for (int kk = 0; kk < ${k}; kk++) {
    acc += a_at(aAt + kk) * b_texel(bT);
    bT += ${q};
  }`;
  return {
    key, inputs: ['a', 'b'], outputSize: size, helpers,
    main4: `${head}
  int bT = (bBatch(b) + j) >> 2;
  vec4 acc = vec4(0.0);
  ${loop}
  result = acc;`,
  };
}

export const matmul: GpuKernel = (inputs, ctx) => {
  const a = ctx.gpu(inputs[0]);
  const b = ctx.gpu(inputs[1]);
  if (!a || !b) return null;
  if (a.dims.length === 0 || b.dims.length === 0) return ctx.fail('MatMul needs operands of rank 1 or more');
  const aDims = a.dims.length === 1 ? [1, a.dims[0]!] : a.dims;
  const bDims = b.dims.length === 1 ? [b.dims[0]!, 1] : b.dims;
  const [m, k] = aDims.slice(-2) as [number, number];
  const [kb, n] = bDims.slice(-2) as [number, number];
  if (k !== kb) return ctx.fail(`A [${a.dims}] and B [${b.dims}] do not multiply`);
  const batch = broadcastDims([aDims.slice(0, -2), bDims.slice(0, -2)], ctx);
  const dims = [...batch, ...(a.dims.length === 1 ? [] : [m]), ...(b.dims.length === 1 ? [] : [n])];
  return [ctx.run(matmulProgram(aDims.slice(0, -2), bDims.slice(0, -2), batch, m, k, n), [a, b], dims)];
};

/**
 * General matrix product C = alpha·op(A)·op(B) + beta·bias, bias broadcast along
 * rows. Transposes are folded into the index arithmetic, never materialised, so
 * the backward passes (dX = dY·W, dW = dYᵀ·X) are the same kernel with other flags.
 *
 * When a row of C has a multiple of 4 columns, a fragment's four lanes are four
 * neighbouring columns of one row: they share every A value, and each B texel
 * feeds four products — see gemm-vectorized.ts. Other shapes take the scalar body.
 */
import type { GemmGeometry, Storage } from '../../../backend.js';
import { runOne, type KernelContext } from '../kernel-context.js';
import { glslFloat, type GpuProgram } from '../program.js';
import { vectorizedGemmBody } from './gemm-vectorized.js';

function scalarGemmBody(g: GemmGeometry, hasBias: boolean): string {
  const { m, n, k } = g;
  // op(A)[i,kk] lives at aBase + kk·aStep; op(B)[kk,j] at bBase + kk·bStep.
  const aBase = g.transA ? 'i' : `i * ${k}`;
  const aStep = g.transA ? m : 1;
  const bBase = g.transB ? `j * ${k}` : 'j';
  const bStep = g.transB ? 1 : n;
  const bias = hasBias ? ` + ${glslFloat(g.beta)} * bias_at(j)` : '';
  return `
  int j = index % ${n};
  int i = index / ${n};
  int aAt = ${aBase};
  int bAt = ${bBase};
  float acc = 0.0;
  for (int kk = 0; kk < ${k}; kk++) {
    acc += a_at(aAt) * b_at(bAt);
    aAt += ${aStep};
    bAt += ${bStep};
  }
  result = ${glslFloat(g.alpha)} * acc${bias};`;
}

export function gemmProgram(g: GemmGeometry, hasBias: boolean): GpuProgram {
  const vector = vectorizedGemmBody(g, hasBias);
  return {
    key: `gemm|${g.m},${g.n},${g.k}|${g.transA},${g.transB}|${g.alpha},${g.beta}|bias=${hasBias}`,
    inputs: hasBias ? ['a', 'b', 'bias'] : ['a', 'b'],
    outputSize: g.m * g.n,
    ...(vector === null ? { main: scalarGemmBody(g, hasBias) } : { main4: vector }),
  };
}

export function gemm(
  ctx: KernelContext,
  a: Storage,
  b: Storage,
  bias: Storage | null,
  g: GemmGeometry,
): Storage {
  return runOne(ctx, gemmProgram(g, bias !== null), bias ? [a, b, bias] : [a, b]);
}

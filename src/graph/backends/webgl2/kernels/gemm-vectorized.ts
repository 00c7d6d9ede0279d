/**
 * Vector bodies for gemm when n % 4 == 0: the fragment's lanes are C[i, j..j+3]
 * with j a multiple of 4, so B's four columns j..j+3 of a row are one texel.
 *   A·Bᵀ (k % 4 == 0): A's row and each of B's four rows advance a texel at a time,
 *        four dot products per step (the layout of linear layers' forward pass).
 *   A·B:  one B texel per kk times the shared A value (a texel of four A values
 *        per four kk when k % 4 == 0).
 *   Aᵀ·B: A values are strided by m, fetched one at a time, shared by all lanes.
 * Returns null for the shapes the scalar body must handle.
 */
import type { GemmGeometry } from '../../../backend.js';
import { glslFloat } from '../program.js';

export function vectorizedGemmBody(g: GemmGeometry, hasBias: boolean): string | null {
  const { n } = g;
  if (n % 4 !== 0) return null;
  const loop = products(g);
  if (loop === null) return null;
  const bias = hasBias ? ` + ${glslFloat(g.beta)} * bias_texel(j >> 2)` : '';
  return `
  int j = index % ${n};
  int i = index / ${n};
  vec4 acc = vec4(0.0);
  ${loop}
  result = ${glslFloat(g.alpha)} * acc${bias};`;
}

function products({ m, n, k, transA, transB }: GemmGeometry): string | null {
  const rowTexels = n / 4;
  if (!transA && transB) {
    if (k % 4 !== 0) return null;
    return `
  int aT = (i * ${k}) >> 2;
  int bT = (j * ${k}) >> 2;
  for (int t = 0; t < ${k / 4}; t++) {
    vec4 av = a_texel(aT + t);
    acc += vec4(dot(av, b_texel(bT + t)), dot(av, b_texel(bT + ${k / 4} + t)),
                dot(av, b_texel(bT + ${k / 2} + t)), dot(av, b_texel(bT + ${(3 * k) / 4} + t)));
  }`;
  }
  if (transB) return null;
  if (!transA && k % 4 === 0) {
    return `
  int aT = (i * ${k}) >> 2;
  int bT = j >> 2;
  for (int t = 0; t < ${k / 4}; t++) {
    vec4 av = a_texel(aT + t);
    acc += av.x * b_texel(bT) + av.y * b_texel(bT + ${rowTexels})
         + av.z * b_texel(bT + ${2 * rowTexels}) + av.w * b_texel(bT + ${3 * rowTexels});
    bT += ${4 * rowTexels};
  }`;
  }
  const aAt = transA ? 'i' : `i * ${k}`;
  const aStep = transA ? m : 1;
  return `
  int aAt = ${aAt};
  int bT = j >> 2;
  for (int kk = 0; kk < ${k}; kk++) {
    acc += a_at(aAt) * b_texel(bT);
    aAt += ${aStep};
    bT += ${rowTexels};
  }`;
}

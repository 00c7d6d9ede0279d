/**
 * The CPU backend's fused forwards (conv2d and gemm with an activation) equal
 * the unfused op followed by `unary`, computed by the float64 reference, for both
 * activations, on LeNet's layers and on padded / strided / ragged shapes.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, Conv2dGeometry, GemmGeometry, Storage, UnaryOp } from '../../../../src/graph/backend.js';
import { createCpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { createReferenceBackend } from '../../../../src/graph/backends/reference/index.js';
import { Random } from '../../../../src/graph/random.js';
import { relativeErrors } from '../kernel-error.js';

const MAX_REL = 5e-5;

function conv(batch: number, c: number, h: number, o: number, k: number, stride = 1, pad = 0): Conv2dGeometry {
  const out = Math.floor((h + 2 * pad - k) / stride) + 1;
  return {
    batch, inChannels: c, inHeight: h, inWidth: h, outChannels: o, kernelHeight: k, kernelWidth: k,
    strideHeight: stride, strideWidth: stride, padTop: pad, padLeft: pad, padBottom: pad, padRight: pad,
    outHeight: out, outWidth: out,
  };
}

const CONVS: [string, Conv2dGeometry][] = [
  ['conv1', conv(4, 3, 32, 6, 5)],
  ['conv2', conv(3, 6, 14, 16, 5)],
  ['conv3 (matrix product)', conv(5, 16, 5, 120, 5)],
  ['padded, 7 outputs', conv(2, 3, 9, 7, 3, 1, 1)],
  ['stride 2', conv(2, 2, 11, 5, 3, 2, 1)],
];
const GEMMS: [string, GemmGeometry][] = [
  ['fc1', { m: 64, n: 84, k: 120, transA: false, transB: true, alpha: 1, beta: 1 }],
  ['ragged', { m: 13, n: 11, k: 7, transA: true, transB: false, alpha: 0.5, beta: 2 }],
];

function inputs(be: Backend, seed: number, sizes: number[]): Storage[] {
  const rng = new Random(seed);
  return sizes.map((n) => be.upload(Float32Array.from({ length: n }, () => rng.uniform(-1, 1))));
}

describe('cpu fused forwards match op + unary', () => {
  const ref = createReferenceBackend('float64');
  for (const threads of [1, 2]) {
    const be = createCpuBackend({ threads });
    for (const act of ['sigmoid', 'relu'] as UnaryOp[]) {
      for (const [label, g] of CONVS) {
        it(`conv2d with ${act} ${label}, ${threads} thread(s)`, async () => {
          const sizes = [g.batch * g.inChannels * g.inHeight * g.inWidth, g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth, g.outChannels];
          const [x, w, b] = inputs(be, 7, sizes) as [Storage, Storage, Storage];
          const [rx, rw, rb] = inputs(ref, 7, sizes) as [Storage, Storage, Storage];
          const got = await be.read(be.conv2d(x, w, b, g, act));
          const want = await ref.read(ref.unary(act, ref.conv2d(rx, rw, rb, g)));
          const s = relativeErrors(got, want);
          expect(s.maxRel, `y[${s.worst}] = ${got[s.worst]}, reference ${want[s.worst]}`).toBeLessThanOrEqual(MAX_REL);
        });
      }
      for (const [label, g] of GEMMS) {
        it(`gemm with ${act} ${label}, ${threads} thread(s)`, async () => {
          const [a, b, bias] = inputs(be, 9, [g.m * g.k, g.k * g.n, g.n]) as [Storage, Storage, Storage];
          const [ra, rb, rbias] = inputs(ref, 9, [g.m * g.k, g.k * g.n, g.n]) as [Storage, Storage, Storage];
          const got = await be.read(be.gemm(a, b, bias, g, act));
          const want = await ref.read(ref.unary(act, ref.gemm(ra, rb, rbias, g)));
          const s = relativeErrors(got, want);
          expect(s.maxRel, `c[${s.worst}] = ${got[s.worst]}, reference ${want[s.worst]}`).toBeLessThanOrEqual(MAX_REL);
        });
      }
    }
  }
  it('the TypeScript kernels fuse too', async () => {
    const be = createCpuBackend({ kernels: 'js' });
    const g = CONVS[1]![1];
    const sizes = [g.batch * g.inChannels * g.inHeight * g.inWidth, g.outChannels * g.inChannels * 25, g.outChannels];
    const [x, w, b] = inputs(be, 3, sizes) as [Storage, Storage, Storage];
    const [rx, rw, rb] = inputs(ref, 3, sizes) as [Storage, Storage, Storage];
    const s = relativeErrors(await be.read(be.conv2d(x, w, b, g, 'sigmoid')), await ref.read(ref.unary('sigmoid', ref.conv2d(rx, rw, rb, g))));
    expect(s.maxRel).toBeLessThanOrEqual(MAX_REL);
  });
});

/**
 * The CPU backend's fused conv2dMaxPool (convolution, pooling, then bias and activation
 * on the pooled values, the convolution's output never stored) against the same ops run
 * one by one on the same backend: the same bits forward and backward, for 1 and 3
 * threads; and against the float64 reference running the layers in PyTorch's order
 * (conv, activation, pool) within the kernel tests' tolerance.
 */
import { describe, expect, it } from 'vitest';
import type { Backend, UnaryOp } from '../../../../src/graph/backend.js';
import { backward } from '../../../../src/graph/autograd.js';
import { createCpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { createReferenceBackend } from '../../../../src/graph/backends/reference/index.js';
import { conv2d, conv2dMaxPool, maxPool2d, relu, sigmoid, type Conv2dOptions, type MaxPool2dOptions } from '../../../../src/graph/ops/index.js';
import { Random } from '../../../../src/graph/random.js';
import { tidy } from '../../../../src/graph/scope.js';
import { tensorFrom, type Tensor } from '../../../../src/graph/tensor.js';
import { relativeErrors } from '../kernel-error.js';

interface Case {
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  bias: boolean;
  conv: Conv2dOptions;
  pool: MaxPool2dOptions;
  act: UnaryOp;
}

const CASES: Case[] = [
  { name: "LeNet's conv1 (3→6, 32×32, k5, pool 2), sigmoid", x: [5, 3, 32, 32], w: [6, 3, 5, 5], bias: true, conv: {}, pool: { kernel: [2, 2] }, act: 'sigmoid' },
  { name: "LeNet's conv2 (6→16, 14×14, k5, pool 2), relu", x: [3, 6, 14, 14], w: [16, 6, 5, 5], bias: true, conv: {}, pool: { kernel: [2, 2] }, act: 'relu' },
  {
    name: 'stride 2, asymmetric padding, 5 channels, no bias; 3×3 pool, stride 2, padded, ceil mode',
    x: [2, 4, 11, 9], w: [5, 4, 3, 3], bias: false, conv: { stride: [2, 1], pads: [1, 0, 2, 1] },
    pool: { kernel: [3, 3], stride: [2, 2], pads: [1, 1, 1, 1], ceilMode: true }, act: 'sigmoid',
  },
  { name: 'odd sizes, pool 2 dropping the last row and column', x: [2, 2, 8, 10], w: [3, 2, 2, 4], bias: true, conv: { pads: [1, 1, 1, 1] }, pool: { kernel: [2, 2] }, act: 'relu' },
];

const activate = (act: UnaryOp, t: Tensor) => (act === 'sigmoid' ? sigmoid(t) : relu(t));

interface Result {
  y: Float32Array;
  grads: Float32Array[];
}

/** Forward and the gradients of Σ y·r for x, w (and b), by `layer`. */
function run(be: Backend, c: Case, layer: (x: Tensor, w: Tensor, b: Tensor | null) => Tensor): Result {
  const rng = new Random(7);
  const values = (shape: readonly number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1));
  const xs = values(c.x), ws = values(c.w), bs = values([c.w[0]]);
  return tidy(() => {
    const x = tensorFrom(be, c.x, xs, true), w = tensorFrom(be, c.w, ws, true);
    const b = c.bias ? tensorFrom(be, [c.w[0]], bs, true) : null;
    const y = layer(x, w, b);
    backward(y, tensorFrom(be, y.shape, values(y.shape)));
    const grads = [x, w, ...(b ? [b] : [])].map((t) => Float32Array.from(t.grad!.dataSync()));
    const result = { y: Float32Array.from(y.dataSync()), grads };
    for (const t of [x, w, ...(b ? [b] : [])]) t.grad!.dispose();
    return result;
  });
}

const fused = (c: Case) => (x: Tensor, w: Tensor, b: Tensor | null) => conv2dMaxPool(x, w, b, c.conv, c.pool, c.act);
const poolFirst = (c: Case) => (x: Tensor, w: Tensor, b: Tensor | null) => activate(c.act, maxPool2d(conv2d(x, w, b, c.conv), c.pool));
const torchOrder = (c: Case) => (x: Tensor, w: Tensor, b: Tensor | null) => maxPool2d(conv2d(x, w, b, c.conv, c.act), c.pool);

describe('conv2dMaxPool on the CPU backend', () => {
  for (const threads of [1, 3]) {
    for (const c of CASES) {
      it(`${c.name}, ${threads} thread(s)`, async () => {
        const be = createCpuBackend({ threads, kernels: 'wasm' });
        await be.ready();
        expect(be.conv2dMaxPool).toBeDefined();
        const got = run(be, c, fused(c));
        const oneByOne = run(be, c, poolFirst(c));
        expect(Array.from(got.y)).toEqual(Array.from(oneByOne.y));
        got.grads.forEach((g, i) => expect(Array.from(g), `gradient ${i}`).toEqual(Array.from(oneByOne.grads[i]!)));

        const exact = run(createReferenceBackend('float64'), c, torchOrder(c));
        expect(relativeErrors(got.y, exact.y).maxRel).toBeLessThan(5e-5);
        got.grads.forEach((g, i) => expect(relativeErrors(g, exact.grads[i]!).maxRel, `gradient ${i}`).toBeLessThan(5e-5));
        expect(be.liveCount()).toBe(0);
      });
    }
  }
});

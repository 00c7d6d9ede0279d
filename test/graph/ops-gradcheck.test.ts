/** Every op's input gradients against central finite differences, in float64. */
import { describe, expect, it } from 'vitest';
import {
  conv2d, flatten, linear, maxPool2d, relu, reshape, sigmoid, softmaxCrossEntropy, tensorFrom,
} from '../../src/graph/index.js';
import { f64, gradcheck, type GradcheckResult } from '../helpers/gradcheck.js';

const TOL = 1e-7;

/** Every element the case names was compared, and all agree. */
function expectGradients(r: GradcheckResult, checked: number, tol = TOL): void {
  expect(r.checked).toBe(checked);
  expect(r.maxError).toBeLessThan(tol);
}

describe('finite-difference gradients (float64)', () => {
  const convCases = [
    { name: 'batch 1, 3→2, k3', x: [1, 3, 5, 6], w: [2, 3, 3, 3], opts: {}, checked: 90 + 54 + 2 },
    { name: 'odd sizes, stride 2, asymmetric padding', x: [2, 2, 7, 5], w: [3, 2, 3, 2], opts: { stride: [2, 1] as [number, number], pads: [1, 0, 2, 1] as [number, number, number, number] }, checked: 140 + 36 + 3 },
    { name: 'LeNet conv1 shape on a small batch', x: [2, 3, 9, 9], w: [6, 3, 5, 5], opts: {}, checked: 486 + 450 + 6 },
  ];
  for (const c of convCases)
    it(`conv2d: ${c.name}`, () => {
      const r = gradcheck(([x, w, b]) => conv2d(x!, w!, b!, c.opts), [{ shape: c.x }, { shape: c.w }, { shape: [c.w[0]!] }]);
      expectGradients(r, c.checked);
    });

  it('conv2d without bias', () => {
    const r = gradcheck(([x, w]) => conv2d(x!, w!, null, { pads: [1, 1, 1, 1] }), [{ shape: [1, 2, 4, 4] }, { shape: [2, 2, 3, 3] }]);
    expectGradients(r, 32 + 36);
  });

  for (const c of [
    { name: '2x2 stride 2', x: [2, 3, 6, 6], o: { kernel: [2, 2] as [number, number] }, checked: 216 },
    { name: '3x3 stride 2, padding, ceil mode, odd size', x: [1, 2, 7, 5], o: { kernel: [3, 3] as [number, number], stride: [2, 2] as [number, number], pads: [1, 1, 1, 1] as [number, number, number, number], ceilMode: true }, checked: 70 },
  ])
    it(`maxpool2d: ${c.name}`, () => {
      const r = gradcheck(([x]) => maxPool2d(x!, c.o), [{ shape: c.x }]);
      expectGradients(r, c.checked);
    });

  it('sigmoid', () => expectGradients(gradcheck(([x]) => sigmoid(x!), [{ shape: [3, 7] }]), 21));
  it('relu (away from the kink)', () => {
    const data = Array.from({ length: 21 }, (_, i) => (i % 2 ? 1 : -1) * (0.1 + i / 20));
    expectGradients(gradcheck(([x]) => relu(x!), [{ shape: [3, 7], data }]), 21);
  });
  it('linear, batch 1 and batch 5', () => {
    for (const n of [1, 5])
      expectGradients(gradcheck(([x, w, b]) => linear(x!, w!, b!), [{ shape: [n, 7] }, { shape: [4, 7] }, { shape: [4] }]), n * 7 + 28 + 4);
  });
  it('reshape and flatten', () => {
    expectGradients(gradcheck(([x]) => sigmoid(flatten(x!)), [{ shape: [2, 3, 2, 2] }]), 24);
    expectGradients(gradcheck(([x]) => sigmoid(reshape(x!, [4, 3])), [{ shape: [2, 6] }]), 12);
  });
  it('softmax cross-entropy (mean), incl. large logits', () => {
    const labels = [2, 0, 4];
    expectGradients(gradcheck(([x]) => softmaxCrossEntropy(x!, tensorFrom(f64, [3], labels)), [{ shape: [3, 5] }]), 15);
    const big = Array.from({ length: 15 }, (_, i) => (i - 7) * 120);
    expectGradients(gradcheck(([x]) => softmaxCrossEntropy(x!, tensorFrom(f64, [3], labels)), [{ shape: [3, 5], data: big }]), 15, 1e-6);
  });
  it('conv2d and linear fused with their activation', () => {
    expectGradients(gradcheck(([x, w, b]) => conv2d(x!, w!, b!, { pads: [1, 0, 1, 0] }, 'sigmoid'), [{ shape: [2, 2, 5, 4] }, { shape: [3, 2, 3, 3] }, { shape: [3] }]), 80 + 54 + 3);
    const away = Array.from({ length: 12 }, (_, i) => (i % 3) - 0.9 + i / 50); // keep pre-activations off relu's kink
    expectGradients(gradcheck(([x, w, b]) => linear(x!, w!, b!, 'relu'), [{ shape: [2, 6], data: away }, { shape: [4, 6] }, { shape: [4] }]), 12 + 24 + 4);
  });

  it('a whole LeNet-like chain', () => {
    const r = gradcheck(
      ([x, w1, w2]) => {
        const h = maxPool2d(sigmoid(conv2d(x!, w1!, null)), { kernel: [2, 2] });
        return linear(flatten(h), w2!, null);
      },
      [{ shape: [2, 2, 6, 6] }, { shape: [3, 2, 3, 3] }, { shape: [4, 12] }],
    );
    expectGradients(r, 144 + 54 + 48);
  });
});

describe('errors name the op and the shapes', () => {
  it('conv2d channel mismatch', () => {
    const x = tensorFrom(f64, [2, 4, 32, 32], new Float64Array(2 * 4 * 32 * 32));
    const w = tensorFrom(f64, [6, 3, 5, 5], new Float64Array(6 * 3 * 25));
    expect(() => conv2d(x, w, null)).toThrow('conv2d: input [2,4,32,32] has 4 channels, weight [6,3,5,5] expects 3');
  });
  it('linear feature mismatch', () => {
    const x = tensorFrom(f64, [2, 5], new Float64Array(10));
    const w = tensorFrom(f64, [3, 4], new Float64Array(12));
    expect(() => linear(x, w, null)).toThrow('linear: input [2,5] has 5 features, weight [3,4] expects 4');
  });
  it('labels outside the class range', () => {
    const x = tensorFrom(f64, [1, 3], [0, 0, 0]);
    expect(() => softmaxCrossEntropy(x, tensorFrom(f64, [1], [3]))).toThrow('label 3 is outside 0..2');
  });
});

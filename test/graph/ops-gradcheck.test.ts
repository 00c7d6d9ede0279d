/** Every op's input gradients against central finite differences, in float64. */
import { describe, expect, it } from 'vitest';
import {
  conv2d, flatten, linear, maxPool2d, relu, reshape, sigmoid, softmaxCrossEntropy, tensorFrom,
} from '../../src/graph/index.js';
import { f64, gradcheck } from '../helpers/gradcheck.js';

const TOL = 1e-7;

describe('finite-difference gradients (float64)', () => {
  const convCases = [
    { name: 'batch 1, 3→2, k3', x: [1, 3, 5, 6], w: [2, 3, 3, 3], opts: {} },
    { name: 'odd sizes, stride 2, asymmetric padding', x: [2, 2, 7, 5], w: [3, 2, 3, 2], opts: { stride: [2, 1] as [number, number], pads: [1, 0, 2, 1] as [number, number, number, number] } },
    { name: 'LeNet conv1 shape on a small batch', x: [2, 3, 9, 9], w: [6, 3, 5, 5], opts: {} },
  ];
  for (const c of convCases)
    it(`conv2d: ${c.name}`, () => {
      const r = gradcheck(([x, w, b]) => conv2d(x!, w!, b!, c.opts), [{ shape: c.x }, { shape: c.w }, { shape: [c.w[0]!] }]);
      expect(r.checked).toBeGreaterThan(0);
      expect(r.maxError).toBeLessThan(TOL);
    });

  it('conv2d without bias', () => {
    const r = gradcheck(([x, w]) => conv2d(x!, w!, null, { pads: [1, 1, 1, 1] }), [{ shape: [1, 2, 4, 4] }, { shape: [2, 2, 3, 3] }]);
    expect(r.maxError).toBeLessThan(TOL);
  });

  for (const c of [
    { name: '2x2 stride 2', x: [2, 3, 6, 6], o: { kernel: [2, 2] as [number, number] } },
    { name: '3x3 stride 2, padding, ceil mode, odd size', x: [1, 2, 7, 5], o: { kernel: [3, 3] as [number, number], stride: [2, 2] as [number, number], pads: [1, 1, 1, 1] as [number, number, number, number], ceilMode: true } },
  ])
    it(`maxpool2d: ${c.name}`, () => {
      const r = gradcheck(([x]) => maxPool2d(x!, c.o), [{ shape: c.x }]);
      expect(r.maxError).toBeLessThan(TOL);
    });

  it('sigmoid', () => expect(gradcheck(([x]) => sigmoid(x!), [{ shape: [3, 7] }]).maxError).toBeLessThan(TOL));
  it('relu (away from the kink)', () => {
    const data = Array.from({ length: 21 }, (_, i) => (i % 2 ? 1 : -1) * (0.1 + i / 20));
    expect(gradcheck(([x]) => relu(x!), [{ shape: [3, 7], data }]).maxError).toBeLessThan(TOL);
  });
  it('linear, batch 1 and batch 5', () => {
    for (const n of [1, 5])
      expect(gradcheck(([x, w, b]) => linear(x!, w!, b!), [{ shape: [n, 7] }, { shape: [4, 7] }, { shape: [4] }]).maxError).toBeLessThan(TOL);
  });
  it('reshape and flatten', () => {
    expect(gradcheck(([x]) => sigmoid(flatten(x!)), [{ shape: [2, 3, 2, 2] }]).maxError).toBeLessThan(TOL);
    expect(gradcheck(([x]) => sigmoid(reshape(x!, [4, 3])), [{ shape: [2, 6] }]).maxError).toBeLessThan(TOL);
  });
  it('softmax cross-entropy (mean), incl. large logits', () => {
    const labels = [2, 0, 4];
    const r = gradcheck(([x]) => softmaxCrossEntropy(x!, tensorFrom(f64, [3], labels)), [{ shape: [3, 5] }]);
    expect(r.maxError).toBeLessThan(TOL);
    const big = Array.from({ length: 15 }, (_, i) => (i - 7) * 120);
    const r2 = gradcheck(([x]) => softmaxCrossEntropy(x!, tensorFrom(f64, [3], labels)), [{ shape: [3, 5], data: big }]);
    expect(r2.maxError).toBeLessThan(1e-6);
  });
  it('conv2d and linear fused with their activation', () => {
    expect(gradcheck(([x, w, b]) => conv2d(x!, w!, b!, { pads: [1, 0, 1, 0] }, 'sigmoid'), [{ shape: [2, 2, 5, 4] }, { shape: [3, 2, 3, 3] }, { shape: [3] }]).maxError).toBeLessThan(TOL);
    const away = Array.from({ length: 12 }, (_, i) => (i % 3) - 0.9 + i / 50); // keep pre-activations off relu's kink
    expect(gradcheck(([x, w, b]) => linear(x!, w!, b!, 'relu'), [{ shape: [2, 6], data: away }, { shape: [4, 6] }, { shape: [4] }]).maxError).toBeLessThan(TOL);
  });

  it('a whole LeNet-like chain', () => {
    const r = gradcheck(
      ([x, w1, w2]) => {
        const h = maxPool2d(sigmoid(conv2d(x!, w1!, null)), { kernel: [2, 2] });
        return linear(flatten(h), w2!, null);
      },
      [{ shape: [2, 2, 6, 6] }, { shape: [3, 2, 3, 3] }, { shape: [4, 12] }],
    );
    expect(r.maxError).toBeLessThan(TOL);
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

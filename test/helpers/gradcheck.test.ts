/**
 * The gradient checker itself: deliberately broken ops must make it fail, so a green
 * ops-gradcheck run means every named element was compared.
 */
import { describe, expect, it } from 'vitest';
import { conv2d, linear, sigmoid, type Tensor } from '../../src/graph/index.js';
import { gradcheck } from './gradcheck.js';

/** Replace the backward of the op that made `y` (the bug under test). */
function withBrokenBackward(y: Tensor, breakGrads: (grads: ReturnType<NonNullable<Tensor['node']>['backward']>) => void): Tensor {
  const node = y.node!;
  y.node = { ...node, backward: (dy) => {
    const grads = node.backward(dy);
    breakGrads(grads);
    return grads;
  } };
  return y;
}

const convInputs = [{ shape: [1, 2, 5, 5] }, { shape: [3, 2, 3, 3] }, { shape: [3] }];

describe('gradcheck fails loudly on a broken op', () => {
  it('control: the intact conv2d passes with every element checked', () => {
    const r = gradcheck(([x, w, b]) => conv2d(x!, w!, b!), convInputs);
    expect(r.checked).toBe(50 + 54 + 3);
    expect(r.maxError).toBeLessThan(1e-7);
  });

  it('a conv2d whose backward forgets the bias gradient is an error, not a skip', () => {
    const broken = ([x, w, b]: Tensor[]) => withBrokenBackward(conv2d(x!, w!, b!), (g) => { g[2] = null; });
    expect(() => gradcheck(broken, convInputs)).toThrow('gradcheck: input 2 [3] asks for a gradient and got none');
  });

  it('an input the function never reaches is an error', () => {
    expect(() => gradcheck(([x]) => sigmoid(x!), [{ shape: [2, 3] }, { shape: [4] }])).toThrow(
      'gradcheck: input 1 [4] asks for a gradient and got none',
    );
  });

  it('a wrong gradient value shows in maxError', () => {
    const doubled = ([x]: Tensor[]) => withBrokenBackward(sigmoid(x!), (g) => {
      const be = x!.backend;
      const right = g[0]!;
      g[0] = be.upload(Array.from(be.readSync!(right), (v) => 2 * v));
      be.dispose(right);
    });
    const r = gradcheck(doubled, [{ shape: [3, 4] }]);
    expect(r.checked).toBe(12);
    expect(r.maxError).toBeGreaterThan(1e-2);
  });

  it('constants (grad: false) are left out of the count, by design', () => {
    const r = gradcheck(([x, w, b]) => linear(x!, w!, b!), [{ shape: [2, 5] }, { shape: [3, 5], grad: false }, { shape: [3] }]);
    expect(r.checked).toBe(10 + 3);
    expect(r.maxError).toBeLessThan(1e-7);
  });
});

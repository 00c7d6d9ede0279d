/**
 * Optimizer updates against torch.optim's documented algorithms, written out here
 * step by step for a few scalars (the values were also checked by hand).
 */
import { describe, expect, it } from 'vitest';
import { createReferenceBackend, tensorFrom, type Tensor } from '../../src/graph/index.js';
import { Adam, Sgd } from '../../src/train/optim/index.js';
import { learningRateAt } from '../../src/train/schedule.js';

const be = createReferenceBackend('float64');
const grads = [[0.5, -1, 2], [0.25, 0.5, -3]];

function params(): Map<string, Tensor> {
  return new Map([['w', tensorFrom(be, [3], [1, -2, 0.5], true)]]);
}
const setGrad = (p: Tensor, g: number[]) => (p.grad = tensorFrom(be, [3], g));

describe('optimizers match torch.optim', () => {
  it('SGD, momentum 0.9, Nesterov, weight decay 0.1', () => {
    const ps = params();
    const opt = new Sgd(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 });
    let w = [1, -2, 0.5];
    let buf: number[] | null = null;
    for (const g of grads) {
      setGrad(ps.get('w')!, g);
      opt.step();
      const d = g.map((gi, i) => gi + 0.1 * w[i]!);
      buf = buf ? buf.map((b, i) => 0.9 * b + d[i]!) : d;
      w = w.map((wi, i) => wi - 0.1 * (d[i]! + 0.9 * buf![i]!));
    }
    const got = Array.from(ps.get('w')!.dataSync());
    got.forEach((v, i) => expect(v).toBeCloseTo(w[i]!, 12));
    expect(got).not.toEqual([1, -2, 0.5]);
  });

  it('Adam (L2) and AdamW (decoupled decay)', () => {
    for (const decoupled of [false, true]) {
      const ps = params();
      const opt = new Adam(ps, { lr: 0.01, weightDecay: 0.1, decoupled });
      let w = [1, -2, 0.5];
      let m = [0, 0, 0], v = [0, 0, 0];
      grads.forEach((g, t) => {
        setGrad(ps.get('w')!, g);
        opt.step();
        if (decoupled) w = w.map((wi) => wi * (1 - 0.01 * 0.1));
        const d = decoupled ? g : g.map((gi, i) => gi + 0.1 * w[i]!);
        m = m.map((mi, i) => 0.9 * mi + 0.1 * d[i]!);
        v = v.map((vi, i) => 0.999 * vi + 0.001 * d[i]! ** 2);
        const c1 = 1 - 0.9 ** (t + 1), c2 = 1 - 0.999 ** (t + 1);
        w = w.map((wi, i) => wi - (0.01 * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8));
      });
      Array.from(ps.get('w')!.dataSync()).forEach((val, i) => expect(val).toBeCloseTo(w[i]!, 12));
    }
  });

  it('state round-trips (what checkpoints save)', async () => {
    const ps = params();
    const opt = new Sgd(ps, { lr: 0.1, momentum: 0.9 });
    setGrad(ps.get('w')!, grads[0]!);
    opt.step();
    const state = await opt.state();
    expect(state.step).toBe(1);
    expect(Array.from(state.buffers['velocity/w']!)).toEqual([0.5, -1, 2]);
    const other = new Sgd(params(), { lr: 0.1, momentum: 0.9 });
    other.loadState(state);
    expect(other.stepCount).toBe(1);
    expect(() => new Adam(params(), { lr: 1 }).loadState(state)).toThrow('checkpoint holds sgd state, not adam');
  });
});

describe('learning-rate schedules', () => {
  it('warmup, cosine to zero, step decay, constant', () => {
    const c = { kind: 'cosine' as const, baseLr: 1, totalSteps: 110, warmupSteps: 10 };
    expect(learningRateAt(c, 0)).toBeCloseTo(0.1);
    expect(learningRateAt(c, 9)).toBeCloseTo(1);
    expect(learningRateAt(c, 10)).toBeCloseTo(1);
    expect(learningRateAt(c, 60)).toBeCloseTo(0.5);
    expect(learningRateAt(c, 110)).toBeCloseTo(0);
    expect(learningRateAt({ kind: 'step', baseLr: 1, totalSteps: 100, stepSize: 30, gamma: 0.1 }, 65)).toBeCloseTo(0.01);
    expect(learningRateAt({ kind: 'constant', baseLr: 0.3, totalSteps: 100 }, 99)).toBe(0.3);
  });
});

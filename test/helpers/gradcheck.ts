/**
 * Central finite differences in float64: for y = f(inputs), compares the analytic
 * gradient of L = Σ r·y (r random) with (L(x+h) − L(x−h)) / 2h for every element of
 * every input that asks for a gradient. An input that asks for one and gets none is an
 * error, never a silent skip; callers also assert `checked`, so a case cannot pass by
 * checking fewer elements than it names.
 */
import { backward, createReferenceBackend, tensorFrom, tidy, type Tensor, Random } from '../../src/graph/index.js';

export const f64 = createReferenceBackend('float64');

export interface GradcheckResult {
  /** Max |analytic − numeric| / max(1, |numeric|) over all elements of all inputs. */
  maxError: number;
  /** Elements compared: the total size of the inputs with `grad !== false`. */
  checked: number;
}

export interface GradcheckInput {
  shape: number[];
  data?: number[];
  /** false: a constant (labels, say); it gets no gradient and is not checked. */
  grad?: boolean;
}

export function gradcheck(f: (inputs: Tensor[]) => Tensor, inputs: GradcheckInput[], seed = 1, h = 1e-6): GradcheckResult {
  const rng = new Random(seed);
  const values = inputs.map((i) => i.data ?? Array.from({ length: i.shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-1, 1)));
  let projection: number[] = [];
  const lossAt = (vals: number[][]): number =>
    tidy(() => {
      const y = f(vals.map((v, k) => tensorFrom(f64, inputs[k]!.shape, v)));
      const out = y.dataSync();
      if (projection.length === 0) projection = Array.from(out, () => rng.uniform(-1, 1));
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i]! * projection[i]!;
      return s;
    });
  lossAt(values);
  const analytic = tidy(() => {
    const ts = values.map((v, k) => tensorFrom(f64, inputs[k]!.shape, v, inputs[k]!.grad !== false));
    const y = f(ts);
    backward(y, tensorFrom(f64, y.shape, projection));
    return ts.map((t) => (t.grad ? Array.from(t.grad.dataSync()) : null));
  });
  let maxError = 0;
  let checked = 0;
  values.forEach((v, k) => {
    if (inputs[k]!.grad === false) return;
    const g = analytic[k];
    if (!g) throw new Error(`gradcheck: input ${k} [${inputs[k]!.shape.join(',')}] asks for a gradient and got none`);
    for (let i = 0; i < v.length; i++) {
      const orig = v[i]!;
      v[i] = orig + h;
      const up = lossAt(values);
      v[i] = orig - h;
      const down = lossAt(values);
      v[i] = orig;
      const numeric = (up - down) / (2 * h);
      maxError = Math.max(maxError, Math.abs(g[i]! - numeric) / Math.max(1, Math.abs(numeric)));
      checked++;
    }
  });
  return { maxError, checked };
}

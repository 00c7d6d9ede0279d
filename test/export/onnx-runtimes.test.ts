/**
 * Exported models load in onnxruntime-node and onnxruntime-web (wasm, in Node) at every
 * opset we offer, and compute the engine's logits within 1e-5 (and a matching softmax).
 */
import { describe, expect, it } from 'vitest';
import { createLenetSpec } from '../../src/graph/index.js';
import { MAX_OPSET, MIN_WRITE_OPSET, writeOnnx } from '../../src/export/index.js';
import { maxAbsDiff } from '../helpers/numeric.js';
import { engineForward, RUNTIMES, runOnnx, seededFloats } from './helpers/runtimes.js';

const BATCH = 4;
const input = seededFloats(BATCH * 3 * 32 * 32, 11);

function softmaxRows(logits: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / classes; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    const max = Math.max(...row);
    const exps = Array.from(row, (v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, i) => (out[r * classes + i] = e / sum));
  }
  return out;
}

describe('exported models in onnxruntime', () => {
  for (const arch of ['lenet5', 'lenet5-relu'] as const) {
    const spec = createLenetSpec(arch, 5);
    const engine = engineForward(spec, input, BATCH);

    for (const runtime of RUNTIMES) {
      it(`${arch} in ${runtime}: logits match the engine within 1e-5 at opsets ${MIN_WRITE_OPSET}..${MAX_OPSET}`, async () => {
        for (let opset = MIN_WRITE_OPSET; opset <= MAX_OPSET; opset++) {
          const out = await runOnnx(runtime, writeOnnx(spec, { opset, probabilities: true }), input, [BATCH, 3, 32, 32]);
          expect(maxAbsDiff(out.logits!, engine), `opset ${opset}`).toBeLessThan(1e-5);
          expect(maxAbsDiff(out.probabilities!, softmaxRows(out.logits!, 10)), `opset ${opset}`).toBeLessThan(1e-6);
        }
      });
    }
  }

  it('ceil-mode pooling whose last window starts in the padding: refused below opset 22, exact from 22', async () => {
    const base = createLenetSpec('lenet5', 8);
    const layers = base.layers.map((l) => (l.kind === 'maxpool2d' && l.name === 'net.2' ? { ...l, kernel: [2, 2] as [number, number], stride: [3, 3] as [number, number], pads: [1, 1, 1, 1] as [number, number, number, number], ceilMode: true } : l));
    // 28 → 10 after this pool (11 if the padding window counted), 6 after conv net.3, 3 after net.5: conv net.6 needs a 3x3 kernel.
    const conv6 = layers[6]! as Extract<(typeof layers)[number], { kind: 'conv2d' }>;
    layers[6] = { ...conv6, kernel: [3, 3] };
    const spec = { ...base, layers, params: { ...base.params, 'net.6.weight': { shape: [120, 16, 3, 3], data: seededFloats(120 * 16 * 9, 3, -0.1, 0.1) } } };
    expect(() => writeOnnx(spec, { opset: 21 })).toThrow(/layer "net.2" \(maxpool2d, ceil mode\) needs opset 22\+/);
    for (const runtime of RUNTIMES) {
      const out = await runOnnx(runtime, writeOnnx(spec, { opset: 22 }), input, [BATCH, 3, 32, 32]);
      expect(maxAbsDiff(out.logits!, engineForward(spec, input, BATCH))).toBeLessThan(1e-5);
    }
  });

  it('the dynamic batch dimension accepts batch 1 and batch 7', async () => {
    const spec = createLenetSpec('lenet5', 6);
    const bytes = writeOnnx(spec);
    for (const batch of [1, 7]) {
      const x = seededFloats(batch * 3072, batch);
      const out = await runOnnx('onnxruntime-node', bytes, x, [batch, 3, 32, 32]);
      expect(out.logits!.length).toBe(batch * 10);
      expect(maxAbsDiff(out.logits!, engineForward(spec, x, batch))).toBeLessThan(1e-5);
    }
  });
});

/**
 * Resuming from a checkpoint gives weights bit-identical to an uninterrupted run (on the
 * float32 reference and on the fast CPU backend), at
 * an epoch boundary and mid-epoch, with augmentation on (its randomness is a function
 * of seed, epoch and step, so nothing else needs saving).
 */
import { describe, expect, it } from 'vitest';
import { buildModel, createLenetSpec, createReferenceBackend, type Backend, type ModelSpec } from '../../src/graph/index.js';
import { createCpuBackend } from '../../src/graph/backends/cpu/index.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/train/checkpoint.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../src/train/config.js';
import { createOptimizer, train, type Position } from '../../src/train/trainer.js';
import { syntheticDataset } from '../helpers/synthetic-data.js';

const data = syntheticDataset(64, 20);
const config: TrainConfig = { ...DEFAULT_CONFIG, epochs: 2, batchSize: 16, augment: true, warmupEpochs: 0.5 };

/** The float32 reference, and the fast CPU backend users train on (fused multiply-add where the build has it). */
const BACKENDS: [string, () => Backend][] = [
  ['reference float32', () => createReferenceBackend('float32')],
  ['cpu, WebAssembly, 2 threads', () => createCpuBackend({ threads: 2, kernels: 'wasm' })],
];

async function runFrom(makeBackend: () => Backend, spec: ModelSpec, start: Position, stopAt: Position | null,
  state?: Parameters<ReturnType<typeof createOptimizer>['loadState']>[0]) {
  const model = buildModel(spec, makeBackend());
  const optimizer = createOptimizer(model, config);
  if (state) optimizer.loadState(state);
  let epoch = start.epoch;
  let step = start.step;
  const outcome = await train({
    model, optimizer, config, data, start, history: [],
    hooks: {
      onStep: (s) => { epoch = s.epoch; step = s.step + 1; },
      shouldStop: () => stopAt !== null && epoch === stopAt.epoch && step === stopAt.step,
    },
  });
  return { model, optimizer, outcome };
}

describe('checkpoint and resume', () => {
  for (const [backendName, makeBackend] of BACKENDS) for (const stopAt of [{ epoch: 1, step: 0 }, { epoch: 0, step: 2 }] as Position[])
    it(`${backendName}: resuming at epoch ${stopAt.epoch}, step ${stopAt.step} is bit-identical`, async () => {
      const spec = createLenetSpec('lenet5', 5);
      const full = await runFrom(makeBackend, spec, { epoch: 0, step: 0 }, null);
      const expected = await full.model.toSpec();

      // The hook sees step 4 done at the end of epoch 0 → position (1,0) is "epoch 0, step 4".
      const stop = stopAt.step === 0 ? { epoch: stopAt.epoch - 1, step: 4 } : stopAt;
      const first = await runFrom(makeBackend, spec, { epoch: 0, step: 0 }, stop);
      expect(first.outcome.stoppedAt).not.toBeNull();
      const bytes = encodeCheckpoint({
        config, position: first.outcome.stoppedAt!, spec: await first.model.toSpec(),
        optimizer: await first.optimizer.state(), history: [], info: {},
      });
      const joined = Buffer.concat(bytes.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
      const ckpt = decodeCheckpoint(joined, 'test.ckpt');
      const resumed = await runFrom(makeBackend, ckpt.spec, ckpt.position, null, ckpt.optimizer);
      const got = await resumed.model.toSpec();
      for (const [name, p] of Object.entries(expected.params))
        expect(Buffer.from(got.params[name]!.data.buffer).equals(Buffer.from(p.data.buffer)), name).toBe(true);
      // And the run really moved the weights (the comparison is not trivially true).
      expect(Buffer.from(expected.params['net.0.weight']!.data.buffer).equals(Buffer.from(spec.params['net.0.weight']!.data.buffer))).toBe(false);
    });

  it('refuses a truncated or corrupted checkpoint with a one-line error', async () => {
    const spec = createLenetSpec('lenet5', 1);
    const model = buildModel(spec, createReferenceBackend('float32'));
    const optimizer = createOptimizer(model, config);
    const parts = encodeCheckpoint({ config, position: { epoch: 1, step: 0 }, spec, optimizer: await optimizer.state(), history: [], info: {} });
    const whole = Buffer.concat(parts.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    expect(decodeCheckpoint(whole, 'ok.ckpt').position).toEqual({ epoch: 1, step: 0 });
    expect(() => decodeCheckpoint(whole.subarray(0, whole.length - 100), 'cut.ckpt')).toThrow(/cut\.ckpt: not a usable checkpoint \(checksum mismatch/);
    const flipped = Buffer.from(whole);
    flipped[flipped.length - 5]! ^= 0x10;
    expect(() => decodeCheckpoint(flipped, 'flip.ckpt')).toThrow(/checksum mismatch/);
    expect(() => decodeCheckpoint(Buffer.from('hello world, not a checkpoint'), 'x.ckpt')).toThrow(/wrong magic/);
    // The digest covers the header too: a still-valid JSON edit (a learning rate) is refused.
    const text = whole.toString('latin1');
    const edited = Buffer.from(text.replace('"lr":0.003', '"lr":0.300'), 'latin1');
    expect(edited.equals(whole)).toBe(false);
    expect(() => decodeCheckpoint(edited, 'lr.ckpt')).toThrow(/lr\.ckpt: not a usable checkpoint \(checksum mismatch/);
  });
});

/**
 * A long CPU training run keeps memory flat: 2,000 LeNet steps (40 epochs of 50) in a
 * child process with --expose-gc, sampled after each epoch. Backend storages and the
 * buffer pool must not change at all; the JS heap, once the JIT has warmed up (first 20
 * epochs), must not creep. (The WebGL2 engineer's test does the same for live textures:
 * test/graph/backends/webgl2/training.test.ts, "keeps live and created texture counts
 * flat over 1,000 steps".)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { theilSenSlope } from './heap/theil-sen.js';
import { STEPS_PER_EPOCH, type MemorySample } from './heap/train-with-memory-samples-format.js';

const CHILD = fileURLToPath(new URL('./heap/train-with-memory-samples.ts', import.meta.url));
const EPOCHS = 40;
/**
 * Warm, the heap grows 55-66 bytes a step (the per-epoch history included); keeping one
 * small object per step (a copied StepInfo) measured 239, and fails.
 */
const MAX_BYTES_PER_STEP = 150;

/** Bytes of JS heap (and external memory) growth per training step. */
function bytesPerStep(samples: MemorySample[]): number {
  return theilSenSlope(samples.map((s) => ({ x: s.epoch * STEPS_PER_EPOCH, y: s.heapUsed + s.external })));
}

describe(`memory over ${EPOCHS * STEPS_PER_EPOCH} CPU training steps`, () => {
  let samples: MemorySample[];
  let liveAfterDispose: number;
  beforeAll(() => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, String(EPOCHS)], { cwd: repoRoot, encoding: 'utf8' });
    ({ samples, liveAfterDispose } = JSON.parse(out) as { samples: MemorySample[]; liveAfterDispose: number });
  });

  it('backend storages and the buffer pool stay exactly flat, and all are freed at the end', () => {
    expect(samples).toHaveLength(EPOCHS);
    expect(samples.filter((s) => s.liveStorages !== samples[0]!.liveStorages)).toEqual([]);
    expect(samples.filter((s) => s.reservedBytes !== samples[0]!.reservedBytes)).toEqual([]);
    expect(liveAfterDispose).toBe(0);
  });

  it('the JS heap does not creep once warm (epochs 21-40)', () => {
    expect(bytesPerStep(samples.slice(20)), 'bytes of heap growth per training step').toBeLessThan(MAX_BYTES_PER_STEP);
  });
});

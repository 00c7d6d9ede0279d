/**
 * engine-cpu keeps memory flat over 2,000 inferences (the zoo's two-input model and a
 * MobileNetV2-style block, alternately) in a child process with --expose-gc, sampled
 * every 50: the values alive in the wasm heap and the heap's reserved bytes must not
 * change at all, every block is freed at dispose, and the JS heap must not creep over
 * the last 1,000 (the first 1,000 warm the JIT up: it grows by tens of KiB, then settles).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { INFERENCES_PER_SAMPLE, type InferenceMemorySample } from './heap/infer-with-memory-samples-format.js';
import { theilSenSlope } from './heap/theil-sen.js';

const CHILD = fileURLToPath(new URL('./heap/infer-with-memory-samples.ts', import.meta.url));
const SAMPLES = 40;
/** JS heap growth allowed per inference once warm: measured 30-60; keeping the 10-float result of every second run measured 210. */
const MAX_BYTES_PER_INFERENCE = 100;

/** Bytes of JS heap (and external memory) growth per inference. */
function bytesPerInference(samples: InferenceMemorySample[]): number {
  return theilSenSlope(samples.map((s) => ({ x: s.inferences, y: s.heapUsed + s.external })));
}

describe(`memory over ${SAMPLES * INFERENCES_PER_SAMPLE} engine-cpu inferences`, () => {
  let samples: InferenceMemorySample[];
  let liveAfterDispose: number;
  beforeAll(() => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', CHILD, String(SAMPLES)], { cwd: repoRoot, encoding: 'utf8' });
    ({ samples, liveAfterDispose } = JSON.parse(out) as { samples: InferenceMemorySample[]; liveAfterDispose: number });
  });

  it('wasm heap tensors and reserved bytes stay exactly flat, and all are freed at dispose', () => {
    expect(samples).toHaveLength(SAMPLES);
    expect(samples.at(-1)!.inferences).toBe(SAMPLES * INFERENCES_PER_SAMPLE);
    expect(samples[0]!.liveHeapTensors, 'the constants of both models').toBeGreaterThan(10);
    expect(samples.filter((s) => s.liveHeapTensors !== samples[0]!.liveHeapTensors)).toEqual([]);
    expect(samples.filter((s) => s.reservedBytes !== samples[0]!.reservedBytes)).toEqual([]);
    expect(liveAfterDispose).toBe(0);
  });

  it('the JS heap does not creep once warm (the last 1,000 inferences)', () => {
    expect(bytesPerInference(samples.slice(SAMPLES / 2)), 'bytes of heap growth per inference').toBeLessThan(MAX_BYTES_PER_INFERENCE);
  });
});

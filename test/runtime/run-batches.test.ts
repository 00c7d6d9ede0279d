import { describe, expect, it } from 'vitest';
import { IMAGE_VALUES, runBatches } from '../../src/runtime/run-batches.js';
import type { RuntimeSession } from '../../src/runtime/runtime.js';

/** A session whose output row per image is [first input value, batch size it was called with]. */
function recordingSession(maxBatch: number | null, classes = 2) {
  const calls: number[] = [];
  const session: RuntimeSession = {
    provider: 'fake',
    maxBatch,
    async run(input, batch) {
      calls.push(batch);
      expect(input.length).toBe(batch * IMAGE_VALUES);
      const out = new Float32Array(batch * classes);
      for (let i = 0; i < batch; i++) {
        out[i * classes] = input[i * IMAGE_VALUES]!;
        out[i * classes + 1] = batch;
      }
      return out;
    },
    async close() {},
  };
  return { session, calls };
}

function images(count: number): Float32Array {
  const x = new Float32Array(count * IMAGE_VALUES);
  for (let i = 0; i < count; i++) x[i * IMAGE_VALUES] = i + 1; // image i is tagged i+1
  return x;
}

describe('runBatches', () => {
  it('splits by the preferred size and the session limit, keeping rows in order', async () => {
    const { session, calls } = recordingSession(4);
    const out = await runBatches(session, images(10), 10, { fixedBatch: null, preferredBatch: 6 });
    expect(calls).toEqual([4, 4, 2]);
    expect(out.classes).toBe(2);
    expect(Array.from({ length: 10 }, (_, i) => out.values[i * 2])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('always calls a fixed-batch model with its batch size, padding the last call and dropping the padding', async () => {
    const { session, calls } = recordingSession(null);
    const out = await runBatches(session, images(7), 7, { fixedBatch: 3 });
    expect(calls).toEqual([3, 3, 3]);
    expect(out.values).toHaveLength(14);
    expect(Array.from({ length: 7 }, (_, i) => out.values[i * 2])).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a session whose class count changes between calls', async () => {
    let call = 0;
    const session: RuntimeSession = {
      provider: 'fake',
      maxBatch: 1,
      run: async (_x, batch) => new Float32Array(batch * (call++ === 0 ? 10 : 9)),
      close: async () => {},
    };
    await expect(runBatches(session, images(2), 2, { fixedBatch: null })).rejects.toThrow(/9 classes per image, earlier 10/);
  });
});

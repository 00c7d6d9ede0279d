import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/graph/host-tensor.js';
import { IMAGE_VALUES, runBatches, type ClassifierIO } from '../../src/runtime/run-batches.js';
import type { RuntimeSession } from '../../src/runtime/runtime.js';

/** A classifier taking "input" [batch,3,32,32] to "logits" [batch,classes]. */
function ioWith(fixedBatch: number | null): ClassifierIO {
  return {
    inputs: [{ name: 'input', type: 'float32', typeName: 'float32', dims: [fixedBatch ?? 'batch', 3, 32, 32] }],
    image: { name: 'input', layout: 'NCHW', channels: 3, height: 32, width: 32 },
    fixedBatch,
    compared: { name: 'logits', type: 'float32', typeName: 'float32', dims: [fixedBatch ?? 'batch', 10], kind: 'logits' },
  };
}

const logits = (batch: number, data: Float32Array): Map<string, HostTensor> => new Map([['logits', { type: 'float32', dims: [batch, data.length / batch], data }]]);

/** A session whose output row per image is [first input value, batch size it was called with]. */
function recordingSession(maxBatch: number | null, classes = 2) {
  const calls: number[] = [];
  const session: RuntimeSession = {
    provider: 'fake',
    maxBatch,
    async run(feeds) {
      const input = feeds.get('input')!.data as Float32Array;
      const batch = feeds.get('input')!.dims[0]!;
      calls.push(batch);
      expect(input.length).toBe(batch * IMAGE_VALUES);
      const out = new Float32Array(batch * classes);
      for (let i = 0; i < batch; i++) {
        out[i * classes] = input[i * IMAGE_VALUES]!;
        out[i * classes + 1] = batch;
      }
      return logits(batch, out);
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
    const out = await runBatches(session, images(10), 10, { io: ioWith(null), preferredBatch: 6 });
    expect(calls).toEqual([4, 4, 2]);
    expect(out.classes).toBe(2);
    expect(Array.from({ length: 10 }, (_, i) => out.values[i * 2])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('always calls a fixed-batch model with its batch size, padding the last call and dropping the padding', async () => {
    const { session, calls } = recordingSession(null);
    const out = await runBatches(session, images(7), 7, { io: ioWith(3) });
    expect(calls).toEqual([3, 3, 3]);
    expect(out.values).toHaveLength(14);
    expect(Array.from({ length: 7 }, (_, i) => out.values[i * 2])).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('refuses a session whose class count changes between calls', async () => {
    let call = 0;
    const session: RuntimeSession = {
      provider: 'fake',
      maxBatch: 1,
      run: async (feeds) => {
        const batch = feeds.get('input')!.dims[0]!;
        return logits(batch, new Float32Array(batch * (call++ === 0 ? 10 : 9)));
      },
      close: async () => {},
    };
    await expect(runBatches(session, images(2), 2, { io: ioWith(null) })).rejects.toThrow(/9 classes per image, earlier 10/);
  });
});

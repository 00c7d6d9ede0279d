/**
 * LeNet5 trained end to end on WebGL2 in headless Chromium, through the real
 * trainer: its loss curve follows the float32 reference backend's (run here in
 * Node, same data and seeds) within 1e-3 relative at every one of 200 steps, and
 * 1,000 steps neither grow the live texture count nor create new textures once
 * the pool is warm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../../../../src/graph/backends/reference/index.js';
import { openPage, type PageSession } from '../../../browser/harness.js';
import { runLenetTraining } from './lenet-training-run.js';
import type { Webgl2TrainingResult } from './pages/training.page.js';

/** Minutes, not seconds, when six engineers share two cores; CI has 90 of them. */
const LONG = 600_000;

describe('LeNet5 training on WebGL2', () => {
  let session: PageSession;
  beforeAll(async () => {
    session = await openPage({ entry: new URL('./pages/training.page.ts', import.meta.url).pathname });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('follows the reference loss curve within 1e-3 relative over 200 steps', async () => {
    const options = { steps: 200, batchSize: 8 };
    // Both runs at once: the GPU run lives in Chromium's processes, the reference here.
    const [gpu, cpu] = await Promise.all([
      session.call<Webgl2TrainingResult>('trainOnWebgl2', { ...options, readLossEvery: 10 }),
      runLenetTraining(createReferenceBackend('float32'), { ...options, readLossEvery: 1 }),
    ]);
    expect(gpu.losses).toHaveLength(200);
    expect(cpu.losses).toHaveLength(200);
    const relative = gpu.losses.map((l, i) => Math.abs(l - cpu.losses[i]!) / Math.abs(cpu.losses[i]!));
    const worst = relative.indexOf(Math.max(...relative));
    expect(relative[worst], `step ${worst}: webgl2 ${gpu.losses[worst]}, reference ${cpu.losses[worst]}`).toBeLessThanOrEqual(1e-3);
    // The run must actually learn something, or following the curve proves little.
    expect(Math.min(...cpu.losses.slice(-20))).toBeLessThan(cpu.losses[0]! * 0.9);
  }, LONG);

  it('keeps live and created texture counts flat over 1,000 steps', async () => {
    const run = await session.call<Webgl2TrainingResult>('trainOnWebgl2', { steps: 1000, batchSize: 2, readLossEvery: 10 });
    expect(run.live).toHaveLength(1000);
    // Losses are read every 10 steps, so the pending ones make the count rise and
    // fall with that period; it must repeat exactly, never drift upwards.
    const warm = 100;
    const drift = run.live.map((n, i) => (i >= warm + 10 ? n - run.live[i - 10]! : 0)).filter((d) => d !== 0);
    expect(drift, 'change in live textures from one read-back period to the next').toEqual([]);
    expect(run.texturesCreated[999], 'textures created after warm-up').toBe(run.texturesCreated[warm]);
    expect(run.liveAfterDispose, 'live textures once model and optimizer are disposed').toBe(0);
  }, LONG);

  it('logged no WebGL errors or page errors', () => {
    expect(session.problems).toEqual([]);
  });
});

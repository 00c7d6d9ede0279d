/**
 * The webgl2 device's kernels on their own routes (op-cases.ts: blocked, padded,
 * grouped and depthwise convolutions, pools, copies, MatMul shapes...) against the
 * float64 reference device, in headless Chromium (SwiftShader): relative error
 * within 1e-4 (of |reference|, floored at 1% of the output's largest value, since
 * float32 sums that cancel keep their terms' absolute error), on GPU kernels only,
 * no texture left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageSession } from '../../../browser/harness.js';
import { OP_CASES } from './op-cases.js';
import type { OpOutcome } from './pages/op-cases.page.js';

describe('webgl2 device kernels match the reference device', () => {
  let session: PageSession;
  beforeAll(async () => {
    session = await openPage({ entry: new URL('./pages/op-cases.page.ts', import.meta.url).pathname });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  for (const c of OP_CASES) {
    it(`${c.op}: ${c.name}`, async () => {
      const o = await session.call<OpOutcome>('runOpCase', c.name);
      expect(o.error).toBeUndefined();
      expect(o.elements).toBeGreaterThan(0);
      expect(o.maxRel).toBeLessThanOrEqual(1e-4);
      expect(o.fallbacks, 'read-backs for CPU kernels').toEqual({});
      expect(o.liveTextures, 'textures left after dispose').toBe(0);
    });
  }

  it('logged no WebGL errors or page errors', () => {
    expect(session.problems).toEqual([]);
  });
});

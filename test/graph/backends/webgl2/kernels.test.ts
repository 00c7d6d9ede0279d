/**
 * Every WebGL2 kernel against the float32 reference backend on the shared cases,
 * in headless Chromium (SwiftShader): max relative error <= 1e-4, mean <= 1e-5,
 * and no texture left behind by a case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageSession } from '../../../browser/harness.js';
import { KERNEL_CASES } from '../kernel-cases.js';
import type { CaseReport } from './pages/kernels.page.js';

const MAX_REL = 1e-4;
const MEAN_REL = 1e-5;

describe('webgl2 kernels match the reference backend', () => {
  let session: PageSession;
  beforeAll(async () => {
    session = await openPage({ entry: new URL('./pages/kernels.page.ts', import.meta.url).pathname });
  });
  afterAll(async () => {
    await session?.close();
  });

  for (const c of KERNEL_CASES) {
    it(c.name, async () => {
      const report = await session.call<CaseReport>('runCase', c.name);
      for (const [output, s] of Object.entries(report.outputs)) {
        const where = `${output}[${s.worst}] = ${s.got}, reference ${s.want} (of ${s.size})`;
        expect(s.maxRel, `max relative error, worst ${where}`).toBeLessThanOrEqual(MAX_REL);
        expect(s.meanRel, `mean relative error of ${output}`).toBeLessThanOrEqual(MEAN_REL);
      }
      expect(report.liveAfter, 'live textures after the case').toBe(report.liveBefore);
    });
  }

  it('runs programs with three, then two render targets without stale attachments', async () => {
    expect(await session.call<number>('alternateOutputCounts')).toBeLessThanOrEqual(MAX_REL);
  });

  it('logged no WebGL errors or page errors', () => {
    expect(session.problems).toEqual([]);
  });
});

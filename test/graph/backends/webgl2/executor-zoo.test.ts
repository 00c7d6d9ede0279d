/**
 * Real models on the webgl2 device, in headless Chromium (SwiftShader): the zoo's
 * CNNs and transformer (../shared/fixtures/zoo) match PyTorch's own outputs within
 * 1e-4, entirely on GPU kernels (no read-back for a CPU kernel; activations folded
 * into their convolutions), and 1,000
 * inferences leave the live texture count, the textures ever created and the JS
 * heap flat.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageSession } from '../../../browser/harness.js';
import type { CaseOutcome, RepeatReport } from './pages/executor.page.js';
import { wireCase } from './webgl2-cases.js';

const ZOO = fileURLToPath(new URL('../../../../../shared/fixtures/zoo/', import.meta.url));
const LONG = 600_000;
const ATOL = 1e-4;
const CNNS = ['squeezenet1_1', 'mobilenet_v2', 'two-heads'];

describe('zoo models on the webgl2 device', () => {
  let session: PageSession;
  beforeAll(async () => {
    // --expose-gc: the heap is measured after a collection, not at a random point of the GC cycle.
    session = await openPage({ entry: new URL('./pages/executor.page.ts', import.meta.url).pathname, extraArgs: ['--js-flags=--expose-gc'] });
  }, LONG);
  afterAll(async () => {
    await session?.close();
  });

  for (const name of [...CNNS, 'tiny-transformer', 'token-classifier']) {
    it(`${name} matches PyTorch within ${ATOL} on GPU kernels only`, async () => {
      const [o] = await session.call<CaseOutcome[]>('runCases', [wireCase(name, `${ZOO}${name}`)], { rtol: 0, atol: ATOL });
      expect(o!.problem).toBeNull();
      expect(o!.fallbacks, 'read-backs for CPU kernels').toEqual({});
      expect(o!.liveTextures, 'textures left after dispose').toBe(0);
      if (CNNS.includes(name)) {
        // Every Relu/Clip of these CNNs follows a Conv: it runs inside the conv's pass.
        expect(o!.gpuRuns.Relu ?? 0, 'Relu passes of their own').toBe(0);
        expect(o!.gpuRuns.Clip ?? 0, 'Clip passes of their own').toBe(0);
        expect(o!.gpuRuns['Conv+clamp'], 'convolutions with their activation folded in').toBeGreaterThan(0);
      }
      console.log(`${name}: max |webgl2 − PyTorch| = ${o!.maxAbs.toExponential(2)}`);
    }, LONG);
  }

  it('keeps textures and memory flat over 1,000 inferences (two-heads)', async () => {
    const r = await session.call<RepeatReport>('repeat', wireCase('two-heads', `${ZOO}two-heads`), 20, 1000);
    expect(r.fallbacks).toEqual({});
    expect(r.live[1], 'live textures').toBe(r.live[0]);
    expect(r.created[1], 'textures ever created').toBe(r.created[0]);
    expect(r.heap[0], 'JS heap measured').toBeGreaterThan(0);
    // A leak of one small tensor per run would be megabytes; GC noise is far below.
    expect(r.heap[1] - r.heap[0], 'JS heap growth in bytes').toBeLessThan(1_000_000);
    console.log(`two-heads: ${r.msPerRun.toFixed(1)} ms per inference; live textures ${r.live.join(' → ')}, heap ${r.heap.map((h) => (h / 1e6).toFixed(1)).join(' → ')} MB`);
  }, LONG);

  it('logged no WebGL errors or page errors', () => {
    expect(session.problems).toEqual([]);
  });
});

/**
 * The webgl2 device of the GraphExecutor on ONNX's own conformance cases (Debian
 * libonnx-testdata), in headless Chromium: every case whose ops all have GPU
 * kernels, at ONNX's backend-test tolerance, against the same expectations as the
 * other devices (test/graph/executor/onnx-conformance-expectations.ts). No case may
 * read GPU data back for a CPU kernel, and every case leaves no texture behind.
 * The full-corpus script (scripts/webgl2-conformance.ts --all) also runs the cases
 * that need CPU fallbacks.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPage, type PageSession } from '../../../browser/harness.js';
import { loadConformanceCases, ONNX_TESTDATA, ONNX_TOLERANCE, type ConformanceCase } from '../../../helpers/onnx-case.js';
import { DEVICE_KNOWN_FAILURES, KNOWN_FAILURES, WEBGL2_PASS_FLOOR } from '../../executor/onnx-conformance-expectations.js';
import type { CaseOutcome } from './pages/executor.page.js';
import { gpuCases, wireCase } from './webgl2-cases.js';

const DEVICE = 'engine-webgl2';
/** SwiftShader compiles a few hundred shaders here: minutes on a loaded two-core machine. */
const LONG = 600_000;

describe('webgl2 device on the ONNX conformance cases', () => {
  let session: PageSession;
  let cases: ConformanceCase[] = [];
  beforeAll(async () => {
    expect(existsSync(ONNX_TESTDATA), `${ONNX_TESTDATA} is missing: apt-get install libonnx-testdata`).toBe(true);
    cases = gpuCases(loadConformanceCases());
    session = await openPage({ entry: new URL('./pages/executor.page.ts', import.meta.url).pathname });
  }, LONG);
  afterAll(async () => {
    await session?.close();
  });

  it(`passes at least ${WEBGL2_PASS_FLOOR} cases on GPU kernels, fails only the known ones, never falls back, leaks no texture`, async () => {
    const outcomes: CaseOutcome[] = [];
    for (let i = 0; i < cases.length; i += 40) {
      outcomes.push(...(await session.call<CaseOutcome[]>('runCases', cases.slice(i, i + 40).map((c) => wireCase(c.name, c.dir)), ONNX_TOLERANCE)));
    }
    const known = { ...KNOWN_FAILURES, ...DEVICE_KNOWN_FAILURES[DEVICE] };
    const unexpected = outcomes.filter((o) => o.problem !== null && !(o.name in known)).map((o) => `${o.name}: ${o.problem}`);
    const fixed = outcomes.filter((o) => o.problem === null && o.name in known).map((o) => o.name);
    expect(unexpected, 'new failures').toEqual([]);
    expect(fixed, 'known failures that now pass (remove them from the list)').toEqual([]);
    expect(outcomes.filter((o) => Object.keys(o.fallbacks).length > 0).map((o) => `${o.name}: ${JSON.stringify(o.fallbacks)}`), 'read-backs for CPU kernels').toEqual([]);
    expect(outcomes.filter((o) => o.liveTextures !== 0).map((o) => o.name), 'textures left after dispose').toEqual([]);
    const passed = outcomes.filter((o) => o.problem === null).length;
    expect(passed).toBeGreaterThanOrEqual(WEBGL2_PASS_FLOOR);
    console.log(`${DEVICE}: ${passed} of ${outcomes.length} cases with GPU kernels pass`);
  }, LONG);

  it('logged no WebGL errors or page errors', () => {
    expect(session.problems).toEqual([]);
  });
});

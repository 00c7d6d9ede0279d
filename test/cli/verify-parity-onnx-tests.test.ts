/**
 * Conformance mode on a sample of ONNX's own cases (Debian libonnx-testdata), through
 * the real command: the JSON has its documented shape, every verdict kind shows up with
 * its detail, and — the outside truth — our ort-node verdicts are exactly what
 * onnxruntime-node gives when this test calls it directly and compares the way ONNX's
 * backend tests do (numpy's assert_allclose, rtol 1e-3, atol 1e-7).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/verify-parity.js';
import { decodeTensorProtoFile } from '../../src/export/host-tensor-proto.js';
import { ONNX_TESTDATA } from '../helpers/onnx-case.js';
import { linkSample, sampleCaseNames } from '../helpers/conformance-sample.js';
import { runInProcess } from './run-command.js';

type Json = Record<string, any>;
const work = mkdtempSync(join(tmpdir(), 'onnx-tests-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const names = sampleCaseNames();
const RUNTIMES = ['ort-node', 'ort-web-node', 'engine-cpu', 'ort-web-browser'];

/** onnxruntime-node's own verdict on one case, compared as onnx.backend.test does. */
async function ortNodeVerdict(dir: string): Promise<'passed' | 'failed' | 'unsupported'> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(join(dir, 'model.onnx'), { executionProviders: ['cpu'] });
  } catch {
    return 'unsupported';
  }
  try {
    for (const set of readdirSync(dir).filter((d) => d.startsWith('test_data_set_')).sort()) {
      const read = (prefix: string, count: number) =>
        Array.from({ length: count }, (_, k) => decodeTensorProtoFile(readFileSync(join(dir, set, `${prefix}_${k}.pb`)), `${prefix}_${k}.pb`).tensor);
      const files = readdirSync(join(dir, set));
      const inputs = read('input', files.filter((f) => f.startsWith('input_')).length);
      const expected = read('output', files.filter((f) => f.startsWith('output_')).length);
      const feeds = Object.fromEntries(inputs.map((t, k) => [session.inputNames[k]!, new ort.Tensor(t.type as any, t.data as any, t.dims)]));
      const results = await session.run(feeds);
      for (const [k, want] of expected.entries()) {
        const got = results[session.outputNames[k]!]!;
        if (got.type !== want.type || got.dims.join() !== want.dims.join()) return 'failed';
        for (let i = 0; i < want.data.length; i++) {
          const [a, b] = [Number(got.data[i] as number | bigint), Number(want.data[i]!)];
          const float = /^float/.test(want.type);
          const close = a === b || (Number.isNaN(a) && Number.isNaN(b)) || (float && Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-7 + 1e-3 * Math.abs(b));
          if (!close) return 'failed';
        }
      }
    }
    return 'passed';
  } catch {
    // Our decoder refuses strings and sequences: the case cannot be fed, as in the command.
    return 'unsupported';
  } finally {
    await session.release();
  }
}

describe('verify-parity --onnx-tests on a sample of the libonnx-testdata corpus', () => {
  let out: Json;
  let stderr: string;
  beforeAll(async () => {
    expect(existsSync(ONNX_TESTDATA), `${ONNX_TESTDATA} is missing: apt-get install libonnx-testdata`).toBe(true);
    const dirs = linkSample(work, names);
    const r = await runInProcess(main, [...dirs.flatMap((d) => ['--onnx-tests', d]), '--runtimes', RUNTIMES.join(','), '--threads', '2', '--json']);
    expect(r.code).toBe(0);
    out = JSON.parse(r.stdout) as Json;
    stderr = r.stderr;
  }, 120_000);

  it('prints {cases, runtimes: {NAME: {passed, failed, unsupported}}, results} with every case on every runtime', () => {
    expect(Object.keys(out)).toEqual(['cases', 'runtimes', 'results']);
    expect(out.cases).toBe(names.length);
    expect(Object.keys(out.runtimes)).toEqual(RUNTIMES);
    for (const name of RUNTIMES) {
      const c = out.runtimes[name];
      expect(c.passed + c.failed + c.unsupported).toBe(names.length);
    }
    expect(out.results.map((r: Json) => r.case)).toEqual(names);
    // Progress: one line per case on stderr.
    expect(stderr.match(/^verify-parity: \[\d+\/\d+\] /gm)?.length).toBe(names.length);
  });

  it('names the first differing element of a failure, and why a case could not run', () => {
    const bernoulli = out.results.find((r: Json) => r.case === 'node/test_bernoulli');
    expect(bernoulli.ops).toEqual(['Bernoulli']);
    expect(bernoulli.runtimes['ort-node']).toMatchObject({ status: 'failed', firstDifference: { output: 'y', dataSet: 'test_data_set_0', index: [expect.any(Number)] } });
    const strings = out.results.find((r: Json) => r.case === 'node/test_cast_FLOAT_to_STRING');
    expect(strings.runtimes['ort-node'].reason).toMatch(/cannot read the case: .*output_0\.pb: tensor "output" is STRING/);
    const ifCase = out.results.find((r: Json) => r.case === 'node/test_if');
    expect(ifCase.runtimes['ort-node'].status).toBe('passed');
    expect(ifCase.runtimes['engine-cpu']).toMatchObject({ status: 'unsupported', reason: expect.stringMatching(/node "#0" \(If\).*control flow/) });
  });

  it('ort-node verdicts equal onnxruntime-node called directly, case by case', async () => {
    const direct: Record<string, string> = {};
    for (const name of names) direct[name] = await ortNodeVerdict(join(ONNX_TESTDATA, name));
    const ours = Object.fromEntries(out.results.map((r: Json) => [r.case, r.runtimes['ort-node'].status]));
    expect(ours).toEqual(direct);
    expect(Object.values(direct)).toContain('failed');
    expect(Object.values(direct)).toContain('passed');
  }, 60_000);

  it('onnxruntime-web in Node and in Chromium agree with onnxruntime-node on the sample', () => {
    for (const r of out.results) {
      if (r.runtimes['ort-node'].status !== 'passed') continue;
      expect([r.case, r.runtimes['ort-web-browser'].status]).toEqual([r.case, 'passed']);
    }
    expect(out.runtimes['ort-web-browser'].passed).toBeGreaterThan(30);
  });
});

/** The three renderings of one parity result: JSON (documented keys), Markdown and HTML. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFromBytes } from '../../../src/runtime/model-under-test.js';
import { randomInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { runParity, type ParityResult } from '../../../src/runtime/parity/parity-run.js';
import { paritySummary } from '../../../src/runtime/parity/report-console.js';
import { parityHtml } from '../../../src/runtime/parity/report-html.js';
import { parityJson, stringifyReport } from '../../../src/runtime/parity/report-json.js';
import { parityMarkdown } from '../../../src/runtime/parity/report-markdown.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import { fakeRuntime } from '../fake-runtime.js';
import { LEGACY_MODEL } from '../torch-fixture.js';

let result: ParityResult;

beforeAll(async () => {
  const flipEveryOther = (row: number[], image: number) => {
    if (image % 2 === 0) row[(row.indexOf(5) + 1) % 10] = 7;
  };
  result = await runParity({
    model: modelFromBytes(readFileSync(LEGACY_MODEL), 'lenet.onnx'),
    modelName: 'models/lenet.onnx',
    inputs: randomInputs(60, 2, 'no data'),
    runtimes: [
      fakeRuntime('agrees', { kind: 'ok', provider: 'EP <wasm> | SIMD' }),
      fakeRuntime('flips', { kind: 'ok', perturb: flipEveryOther }),
      fakeRuntime('absent', { kind: 'unavailable', reason: 'needs <a browser>' }),
    ],
    reference: { runtime: fakeRuntime('ref') },
    tolerance: () => ({ atol: 1e-5, rtol: 1e-5 }),
    require: new Set(['agrees', 'flips']),
    context: createRuntimeContext({ threads: 1 }),
  });
});

describe('JSON', () => {
  it('has the documented shape', () => {
    const json = JSON.parse(stringifyReport(parityJson(result))) as Record<string, any>;
    expect(json).toMatchObject({ pass: false, exitCode: 1, model: 'models/lenet.onnx', images: 60, inputKind: 'random', reference: 'ref' });
    expect(json.runtimes.map((r: any) => [r.name, r.available])).toEqual([
      ['ref', true],
      ['agrees', true],
      ['flips', true],
      ['absent', false],
    ]);
    expect(json.runtimes[3]).toMatchObject({ provider: null, error: 'needs <a browser>', required: false });
    expect('error' in json.runtimes[0]).toBe(false);
    const flips = json.comparisons.find((c: any) => c.runtime === 'flips');
    for (const key of ['runtime', 'reference', 'maxAbsDiff', 'meanAbsDiff', 'p99AbsDiff', 'maxRelDiff', 'top1Agreement', 'flips', 'pass']) expect(flips).toHaveProperty(key);
    expect(flips.top1Agreement).toBe(0.5);
    expect(flips.flips).toHaveLength(30); // every flip, not a truncated list
    expect(flips.flips[0]).toMatchObject({ image: 0, name: 'random[0]', reference: { label: expect.any(String) }, runtime: { label: expect.any(String) } });
  });

  it('writes numbers JSON cannot hold as strings', () => {
    expect(stringifyReport({ a: Infinity, b: -Infinity, c: NaN, d: 1.5 }, 0)).toBe('{"a":"Infinity","b":"-Infinity","c":"NaN","d":1.5}');
  });
});

describe('Markdown', () => {
  it('gives the verdict, providers, the unavailable reason and a capped flip list', () => {
    const md = parityMarkdown(result);
    expect(md).toMatch(/^# Parity report: FAIL\n/);
    expect(md).toContain('EP <wasm> \\| SIMD'); // a pipe cannot break the table
    expect(md).toContain('| absent | unavailable: needs <a browser> | – | no |');
    expect(md).toContain('### flips vs ref: FAIL');
    expect(md).toContain('Top-1 flips (30):');
    expect(md).toContain('… and 5 more (all are listed by --json).');
    expect(md).toContain('| 0 | 600 |'); // histogram of 'agrees': every value identical
    expect(md).toContain('| >=1 | 30 |'); // one wrong value per flipped image
  });
});

describe('HTML', () => {
  it('is one self-contained page with everything escaped', () => {
    const html = parityHtml(result);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toContain('needs &lt;a browser&gt;');
    expect(html).toContain('EP &lt;wasm&gt; | SIMD');
    expect(html).not.toContain('<a browser>');
    expect(html).toContain('class="histogram"');
    expect(html).toContain('Top-1 flips: 30');
  });
});

describe('console summary', () => {
  it('names each runtime with its verdict and the reasons for failing', () => {
    const text = paritySummary(result);
    expect(text).toMatch(/ref +reference/);
    expect(text).toMatch(/agrees +pass +max\|d\| 0/);
    expect(text).toMatch(/flips +FAIL .*top-1 50\.00%, 30 flips \(e\.g\. random\[0\]: /);
    expect(text).toMatch(/absent +UNAVAILABLE \(not required\): needs <a browser>/);
    expect(text).toMatch(/\nFAIL \(exit 1\)\n  - flips: /);
  });
});

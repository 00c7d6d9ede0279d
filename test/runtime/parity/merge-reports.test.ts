/**
 * verify-parity --merge's reading and lining up: results from two places (a CLI run, a
 * page download with its browser and adapters) become one row per (runtime, output)
 * with a cell per file; unavailable runtimes keep their reason; non-finite numbers
 * written as strings read back; a file that is not a result is named in one line.
 */
import { describe, expect, it } from 'vitest';
import { mergeResults, parseParityResult } from '../../../src/runtime/parity/merge-reports.js';
import { mergedSummary } from '../../../src/runtime/parity/report-merged.js';

const comparison = (runtime: string, output: string, maxAbsDiff: number | string, pass: boolean) => ({
  runtime, reference: 'expected', output, maxAbsDiff, meanAbsDiff: 0, atol: 1e-4, rtol: 1e-3, pass, mismatch: null,
});

const cli = JSON.stringify({
  pass: true, model: 'zoo/two-heads', reference: 'expected', source: '1 test data set',
  runtimes: [
    { name: 'ort-node', available: true, provider: 'onnxruntime-node 1.30.0 CPU' },
    { name: 'ort-web-browser', available: true, provider: 'onnxruntime-web 1.30.0 wasm' },
  ],
  comparisons: [comparison('ort-node', 'output0', 1e-7, true), comparison('ort-node', 'output1', 0, true), comparison('ort-web-browser', 'output0', 1.2e-7, true), comparison('ort-web-browser', 'output1', 0, true)],
});
const page = JSON.stringify({
  pass: false, model: 'two-heads/model.onnx', reference: 'expected', source: 'test_data_set_0',
  browser: 'Chromium 156 on Linux x86_64', adapter: { webgpu: 'google / swiftshader', webgl: 'ANGLE (Google, SwiftShader)' },
  runtimes: [
    { name: 'ort-web-browser', available: true, provider: 'onnxruntime-web 1.30.0 wasm' },
    { name: 'ort-web-webgpu', available: true, provider: 'onnxruntime-web webgpu' },
    { name: 'ort-web-webgl', available: false, provider: null, error: 'WebGL EP cannot run Softmax here' },
  ],
  comparisons: [comparison('ort-web-browser', 'output0', 1.2e-7, true), comparison('ort-web-browser', 'output1', 0, true), comparison('ort-web-webgpu', 'output0', 'Infinity', false), comparison('ort-web-webgpu', 'output1', 2e-7, true)],
});

describe('verify-parity --merge', () => {
  it('lines results from several places up side by side', () => {
    const merged = mergeResults([parseParityResult(cli, 'cli.json'), parseParityResult(page, 'page.json')]);
    expect(merged.pass).toBe(false);
    expect(merged.rows.map((r) => `${r.runtime}/${r.output}: ${r.cells.map((c) => c.state).join(',')}`)).toEqual([
      'ort-node/output0: pass,absent',
      'ort-node/output1: pass,absent',
      'ort-web-browser/output0: pass,pass',
      'ort-web-browser/output1: pass,pass',
      'ort-web-webgpu/output0: absent,fail',
      'ort-web-webgpu/output1: absent,pass',
      'ort-web-webgl/output0: absent,unavailable',
      'ort-web-webgl/output1: absent,unavailable',
    ]);
    expect(merged.rows[4]!.cells[1]!.comparison!.maxAbsDiff).toBe(Infinity);
    const text = mergedSummary(merged);
    expect(text).toContain('[2] page.json: model two-heads/model.onnx, reference expected, FAIL');
    expect(text).toContain('    on: Chromium 156 on Linux x86_64; WebGPU: google / swiftshader; WebGL: ANGLE (Google, SwiftShader)');
    expect(text).toMatch(/ort-web-webgpu +output0 +– +FAIL Infinity/);
    expect(text).toMatch(/ort-web-browser +output1 +pass 0 +pass 0/);
    expect(text).toContain('  [2] ort-web-webgl: unavailable: WebGL EP cannot run Softmax here');
    expect(text.trimEnd().split('\n').at(-1)).toBe('FAIL (some comparison failed; see the table)');
  });

  it('names a file that is not a result', () => {
    expect(() => parseParityResult('{"pass": true}', 'x.json')).toThrow('x.json: not a verify-parity --json result (it needs "runtimes" and "comparisons" lists)');
    expect(() => parseParityResult('nope', 'y.json')).toThrow(/^y\.json: not JSON/);
    expect(() => parseParityResult('{"runtimes": [], "comparisons": [{"runtime": "a", "pass": true, "maxAbsDiff": "big"}]}', 'z.json')).toThrow('z.json: comparisons[0]: "maxAbsDiff" is not a number');
  });
});

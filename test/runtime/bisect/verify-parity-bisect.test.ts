/**
 * The verified finding, end to end in headless Chromium: onnxruntime-web 1.30's WebGPU
 * EP computes the seed LeNet5's second Conv (6→16) wrongly on SwiftShader's adapter,
 * while its wasm EP and our WebGL2 engine agree with the reference.
 *
 * Where the adapter ort-web-webgpu reports is SwiftShader, verify-parity must report it
 * as failing, flips listed, at the default tolerance; exit 0 when only the runtimes the
 * user requires pass (and 1 when the WebGPU one is required); and --bisect must name
 * that Conv as the first divergence and write a reproducer that really reproduces it:
 * onnxruntime-node matches it, WebGPU does not. On any other adapter WebGPU must pass
 * like the others, so there is nothing to bisect (test/browser/webgpu-conv-bug.ts).
 */
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/verify-parity.js';
import { decodeFloatTensorProto } from '../../../src/export/tensor-proto-io.js';
import { BrowserHost } from '../../../src/browser/browser-host.js';
import { pageEntryPath } from '../../../src/browser/bundle-page.js';
import { serveOrtWeb } from '../../../src/runtime/adapters/browser/ort-web-assets.js';
import type { OrtWebPageApi } from '../../../src/runtime/adapters/browser/pages/ort-web.page.js';
import { fromWire, toWire } from '../../../src/runtime/adapters/browser/wire-tensor.js';
import { webgpuExpectation, type WebgpuExpectation } from '../../browser/webgpu-conv-bug.js';
import { runInProcess } from '../../cli/run-command.js';
import { extractTorchImages, LEGACY_MODEL } from '../torch-fixture.js';

let imagesDir: string;
let work: string;

beforeAll(async () => {
  ({ dir: imagesDir } = await extractTorchImages());
  work = mkdtempSync(join(tmpdir(), 'verify-parity-bisect-'));
});

afterAll(() => {
  rmSync(imagesDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

type Json = Record<string, any>;

/** The adapter ort-web-webgpu reported in a verify-parity --json result, and what it implies. */
function webgpuIn(out: Json): WebgpuExpectation {
  const run = out.runtimes.find((r: Json) => r.name === 'ort-web-webgpu');
  expect(run, 'ort-web-webgpu ran').toMatchObject({ available: true, required: expect.any(Boolean), provider: expect.any(String) });
  return webgpuExpectation(run.provider);
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

/** The reproducer's single-node model on one onnxruntime-web EP in Chromium, fed its input_0.pb. */
async function replayInBrowser(host: BrowserHost, dir: string, provider: 'wasm' | 'webgpu'): Promise<Float32Array> {
  const input = decodeFloatTensorProto(readFileSync(join(dir, 'test_data_set_0', 'input_0.pb')), 'input_0.pb');
  const expected = decodeFloatTensorProto(readFileSync(join(dir, 'test_data_set_0', 'output_0.pb')), 'output_0.pb');
  const page = await host.openPage<OrtWebPageApi>(pageEntryPath('../../../src/runtime/adapters/browser/pages/ort-web.page.js', import.meta.url), `${provider} replay`);
  try {
    await page.call('open', { ...serveOrtWeb(host.server, provider), executionProvider: provider, threads: 2, model: readFileSync(join(dir, 'model.onnx')), externalData: [] });
    const feeds = { [input.name]: toWire({ type: 'float32', dims: input.dims, data: input.data }) };
    const out = await page.call('run', feeds, [expected.name]);
    return fromWire(out[expected.name]!).data as Float32Array;
  } finally {
    await page.close();
  }
}

describe('verify-parity with the browser runtimes on the seed LeNet5 (64 CIFAR-10 images)', () => {
  let out: Json;
  let code: number;
  let gpu: WebgpuExpectation;
  const reproducers = () => join(work, 'repro');

  beforeAll(async () => {
    const r = await runInProcess(main, [
      LEGACY_MODEL, imagesDir,
      '--runtimes', 'ort-node,ort-web-browser,ort-web-webgpu,engine-webgl2',
      '--require', 'ort-node,ort-web-browser,engine-webgl2',
      '--tolerance', 'engine-webgl2=1e-4',
      '--threads', '2', '--bisect-dir', reproducers(), '--json', '--quiet',
    ]);
    code = r.code;
    out = JSON.parse(r.stdout) as Json;
    gpu = webgpuIn(out);
  });

  it('exits 0: the required runtimes pass, the failing WebGPU one is not required', () => {
    expect(code).toBe(0);
    expect(out.problems).toEqual([]);
  });

  it('passes ort-web-browser at 1e-5 and engine-webgl2 at 1e-4, with 100% top-1 agreement', () => {
    const byName = Object.fromEntries(out.comparisons.map((c: Json) => [c.runtime, c]));
    expect(byName['ort-web-browser']).toMatchObject({ pass: true, required: true, atol: 1e-5, rtol: 1e-5, top1Agreement: 1, failingElements: 0 });
    expect(byName['engine-webgl2']).toMatchObject({ pass: true, required: true, atol: 1e-4, rtol: 1e-4, top1Agreement: 1, failingElements: 0 });
  });

  it('reports ort-web-webgpu on SwiftShader as failing at the default tolerance, with its flips listed (elsewhere as passing)', () => {
    const webgpu = out.comparisons.find((c: Json) => c.runtime === 'ort-web-webgpu');
    if (!gpu.convBugExpected) {
      expect(webgpu, gpu.why).toMatchObject({ pass: true, required: false, atol: 1e-5, rtol: 1e-5, top1Agreement: 1, failingElements: 0 });
      return;
    }
    expect(webgpu, gpu.why).toMatchObject({ pass: false, required: false, atol: 1e-5, rtol: 1e-5 });
    expect(webgpu.maxAbsDiff).toBeGreaterThan(0.5);
    expect(webgpu.flips.length).toBe(Math.round((1 - webgpu.top1Agreement) * 64));
    expect(webgpu.flips.length).toBeGreaterThan(0);
    expect(webgpu.flips[0]).toMatchObject({ name: expect.stringMatching(/airplane\/\d{4}\.jpg$/), reference: { label: expect.any(String) }, runtime: { label: expect.any(String) } });
    const run = out.runtimes.find((r: Json) => r.name === 'ort-web-webgpu');
    expect(run).toMatchObject({ available: true, required: false, provider: expect.stringMatching(/WebGPU execution provider on google \/ swiftshader/) });
  });

  it('bisects ort-web-webgpu on SwiftShader to the second Conv: #3 "/3/Conv", every earlier node within tolerance (elsewhere: nothing to bisect)', () => {
    if (!gpu.convBugExpected) {
      expect(out.bisect ?? [], gpu.why).toEqual([]);
      return;
    }
    expect(out.bisect, gpu.why).toHaveLength(1);
    const [b] = out.bisect;
    // The parity reference engine-cpu names every ONNX tensor on its graph executor.
    expect(b).toMatchObject({ runtime: 'ort-web-webgpu', reference: 'engine-cpu', firstDivergence: { index: 3, node: '/3/Conv', opType: 'Conv', output: '/3/Conv_output_0' } });
    expect(b.firstDivergence.maxAbsDiff).toBeGreaterThan(1);
    expect(b.nodes.slice(0, 3).map((n: Json) => [n.opType, n.failingElements])).toEqual([['Conv', 0], ['Sigmoid', 0], ['MaxPool', 0]]);
    expect(b.reproducer).toEqual({ dir: join(reproducers(), 'ort-web-webgpu'), inputs: ['/2/MaxPool_output_0'], outputs: ['/3/Conv_output_0'] });
  });

  it('writes a reproducer that onnxruntime-web wasm matches and WebGPU on SwiftShader gets wrong (elsewhere: none)', async () => {
    const dir = join(reproducers(), 'ort-web-webgpu');
    if (!gpu.convBugExpected) {
      expect(existsSync(dir), gpu.why).toBe(false);
      return;
    }
    const expected = decodeFloatTensorProto(readFileSync(join(dir, 'test_data_set_0', 'output_0.pb')), 'output_0.pb').data;
    const host = await BrowserHost.start({ webgpu: true });
    try {
      expect(maxAbsDiff(await replayInBrowser(host, dir, 'wasm'), expected)).toBeLessThan(1e-5);
      expect(maxAbsDiff(await replayInBrowser(host, dir, 'webgpu'), expected), gpu.why).toBeGreaterThan(1);
    } finally {
      await host.close();
    }
  });
});

describe('requiring the WebGPU runtime', () => {
  it('exits 1 and names it on SwiftShader (exits 0 where WebGPU is right)', async () => {
    const r = await runInProcess(main, [LEGACY_MODEL, imagesDir, '--count', '8', '--runtimes', 'ort-node,ort-web-webgpu', '--threads', '2', '--json', '--quiet']);
    const out = JSON.parse(r.stdout) as Json;
    const gpu = webgpuIn(out);
    if (!gpu.convBugExpected) {
      expect({ code: r.code, problems: out.problems }, gpu.why).toEqual({ code: 0, problems: [] });
      return;
    }
    expect(r.code, gpu.why).toBe(1);
    expect(out.problems).toEqual([expect.stringMatching(/^ort-web-webgpu: \d+ of 80 values beyond atol 1e-5 \/ rtol 1e-5/)]);
    expect(out.bisect).toBeUndefined();
  });
});

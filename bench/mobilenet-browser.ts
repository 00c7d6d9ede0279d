/**
 * MobileNetV2 (../shared/fixtures/zoo/mobilenet_v2), batch 1, in headless Chromium
 * (SwiftShader without a GPU): engine-webgl2 against onnxruntime-web's wasm, WebGL
 * and WebGPU execution providers in the same page, medians of alternating rounds.
 * Run alone with `node --import tsx bench/mobilenet-browser.ts [rounds]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BrowserHost } from '../src/browser/browser-host.js';
import { decodeTensorProtoFile } from '../src/export/host-tensor-proto.js';
import { pinSymbolicDims } from '../src/export/pin-dims.js';
import { ortWebDistDir } from '../src/runtime/adapters/browser/ort-web-assets.js';
import type { BrowserBenchOptions, RuntimeTiming } from './pages/mobilenet-browser.page.js';

const ZOO = fileURLToPath(new URL('../../shared/fixtures/zoo/mobilenet_v2/', import.meta.url));

export async function benchMobilenetBrowser(rounds = 10, only?: string[]): Promise<RuntimeTiming[]> {
  const input = decodeTensorProtoFile(readFileSync(`${ZOO}test_data_set_0/input_0.pb`), 'input_0.pb').tensor;
  const [, ...rest] = input.dims;
  const one = (input.data as Float32Array).slice(0, rest.reduce((a, b) => a * b, 1));
  const host = await BrowserHost.start({ webgpu: true, gpu: process.env.CHROMIUM_USE_GPU === '1' });
  try {
    host.server.mount('/ort', ortWebDistDir());
    const page = await host.openPage<{ bench(o: BrowserBenchOptions): Promise<RuntimeTiming[]> }>(
      fileURLToPath(new URL('./pages/mobilenet-browser.page.ts', import.meta.url)),
      'mobilenet browser bench',
    );
    const model = readFileSync(`${ZOO}model.onnx`);
    return await page.call('bench', {
      model,
      fixedModel: pinSymbolicDims(model, { batch: 1 }),
      input: one,
      dims: [1, ...rest],
      rounds,
      ortModuleUrl: `${host.server.origin}/ort/ort.all.min.mjs`,
      ortWasmPaths: `${host.server.origin}/ort/`,
      ...(only ? { only } : {}),
    });
  } finally {
    await host.close();
  }
}

export function formatBrowserBench(rows: readonly RuntimeTiming[]): string[] {
  const engine = rows.find((r) => r.name === 'engine-webgl2')?.medianMs ?? null;
  return rows.map((r) => {
    if (r.medianMs === null) return `  ${r.name.padEnd(16)} unavailable: ${r.error ?? 'no timing'}`;
    const vs = engine && r.name !== 'engine-webgl2' ? `, ${(r.medianMs / engine).toFixed(2)}x engine-webgl2's time` : '';
    const check = r.maxAbsVsEngine === undefined ? '' : `, max |diff| vs engine ${r.maxAbsVsEngine.toExponential(1)}`;
    return `  ${r.name.padEnd(16)} ${r.medianMs.toFixed(0).padStart(6)} ms median, best ${r.bestMs!.toFixed(0)} ms (first ${r.firstMs!.toFixed(0)} ms)${vs}${check} — ${r.detail}`;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rounds = Number(process.argv[2] ?? 10);
  console.log(`MobileNetV2 batch 1 in Chromium, median of ${rounds} alternating rounds`);
  for (const line of formatBrowserBench(await benchMobilenetBrowser(rounds))) console.log(line);
}

/**
 * Every runtime the lab can offer in this browser, under the names verify-parity uses,
 * each running inside this page: onnxruntime-web on its wasm, WebGL (ort.all) and
 * WebGPU execution providers, and our engine — on the WebGL2 device, and on the CPU
 * (engine-cpu, float32) and plain reference kernels (engine-reference, float64, the
 * arbiter) — the very adapters verify-parity runs in Node, whose code is browser-safe.
 * A runtime that cannot start here says why; it is never dropped or quietly replaced.
 */
import { engineCpuRuntime, engineReferenceRuntime } from '../../../src/runtime/adapters/engine-cpu.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult, Runtime } from '../../../src/runtime/runtime.js';
import { openOrtWeb } from '../runtimes/ort-web.js';
import type { OrtProvider } from '../runtimes/ort-builds.js';
import { engineWebgl2Runtime } from './engine-webgl2-runtime.js';
import { ortWebWebglRuntime } from './ort-webgl-runtime.js';

function ortWeb(name: string, provider: OrtProvider, description: string): Runtime {
  return { name, description, environment: 'browser', open: (model: ModelUnderTest): Promise<OpenResult> => openOrtWeb(model, provider, { placement: true }) };
}

/** In this page: the same adapter, said to run in the browser. */
const inPage = (runtime: Runtime, description: string): Runtime => ({ ...runtime, environment: 'browser', description });

export const LAB_RUNTIMES: readonly Runtime[] = [
  ortWeb('ort-web-browser', 'wasm', 'onnxruntime-web, wasm execution provider (CPU, SIMD, threads when cross-origin isolated)'),
  ortWebWebglRuntime,
  ortWeb('ort-web-webgpu', 'webgpu', 'onnxruntime-web, WebGPU execution provider'),
  engineWebgl2Runtime,
  inPage(engineCpuRuntime, 'our engine on its CPU kernels (wasm), float32'),
  inPage(engineReferenceRuntime, 'our engine on its plain reference kernels, float64: the arbiter (slow)'),
];

/** What the lab compares against by default: the test case's expected outputs, else onnxruntime-web's wasm EP. */
export const DEFAULT_LAB_REFERENCE = 'ort-web-browser';

/**
 * Every runtime this browser can offer, under the names verify-parity uses, with the
 * tolerances of issue #9's target: onnxruntime-web within 1e-5 (as onnxruntime-node),
 * our GPU engine within 1e-4 (float32 reductions in another order). The reference is
 * our engine on the CPU backend, verify-parity's default reference too.
 */
import type { Backend } from '../../../src/graph/backend.js';
import { createCpuBackend } from '../../../src/graph/backends/cpu/index.js';
import type { Tolerance } from '../../../src/runtime/parity/compare.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult } from '../../../src/runtime/runtime.js';
import type { PageEngine } from '../engine.js';
import { openEngine } from '../runtimes/engine-session.js';
import { openOrtWeb } from '../runtimes/ort-web.js';

export interface PageRuntime {
  name: string;
  tolerance: Tolerance;
  open(model: ModelUnderTest): Promise<OpenResult>;
}

const tight: Tolerance = { atol: 1e-5, rtol: 1e-5 };
const gpuEngine: Tolerance = { atol: 1e-4, rtol: 1e-4 };

export function pageRuntimes(engine: PageEngine): { reference: PageRuntime; compared: PageRuntime[] } {
  let cpu: Backend | null = null;
  const reference: PageRuntime = {
    name: 'engine-cpu',
    tolerance: tight,
    open: async (model) => {
      cpu ??= createCpuBackend();
      return openEngine(model, cpu, `our engine, ${cpu.name} backend in this page`);
    },
  };
  const compared: PageRuntime[] = [
    {
      name: 'engine-webgl2',
      tolerance: gpuEngine,
      open: async (model) =>
        engine.gpu ? openEngine(model, engine.backend, `our engine, ${engine.short}`) : { available: false, reason: engine.description },
    },
    { name: 'ort-web-browser', tolerance: tight, open: (model) => openOrtWeb(model, 'wasm') },
    { name: 'ort-web-webgpu', tolerance: tight, open: (model) => openOrtWeb(model, 'webgpu') },
  ];
  return { reference, compared };
}

/**
 * onnxruntime-web's wasm execution provider, run inside Node: the same wasm binary a
 * browser runs, without a browser. The .wasm/.mjs files are resolved from
 * node_modules, so nothing is ever fetched from a CDN.
 *
 * ORT-web's wasm settings are process-global and fixed by the first session: the thread
 * count we report is the one in force when the module initialised, not a later request.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describeError } from '../../util/errors.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OpenResult, Runtime, RuntimeContext } from '../runtime.js';
import { OrtSession, type OrtModule } from './ort-session.js';

interface OrtWebModule extends OrtModule {
  env: OrtModule['env'] & { wasm: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } };
}

let initialisedThreads: number | null = null;

async function loadOrtWeb(threads: number): Promise<{ ort: OrtWebModule; threads: number }> {
  const ort = (await import('onnxruntime-web')) as unknown as OrtWebModule;
  if (initialisedThreads === null) {
    const require = createRequire(import.meta.url);
    ort.env.wasm.wasmPaths = join(dirname(require.resolve('onnxruntime-web')), '/');
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.proxy = false;
    initialisedThreads = threads;
  }
  return { ort, threads: initialisedThreads };
}

export const ortWebNodeRuntime: Runtime = {
  name: 'ort-web-node',
  description: 'onnxruntime-web, wasm execution provider, in Node',
  environment: 'node',
  async open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
    let loaded: { ort: OrtWebModule; threads: number };
    try {
      loaded = await loadOrtWeb(context.threads);
    } catch (error) {
      return { available: false, reason: `onnxruntime-web cannot load: ${describeError(error)}` };
    }
    const { ort } = loaded;
    try {
      const session = await ort.InferenceSession.create(model.bytes, {
        executionProviders: ['wasm'],
        graphOptimizationLevel: 'all',
        externalData: model.externalData.map((f) => ({ path: f.path, data: f.data })),
      });
      // Read back after init: ORT lowers numThreads itself where threads are unsupported.
      const threads = ort.env.wasm.numThreads ?? loaded.threads;
      const provider = `onnxruntime-web ${ort.env.versions?.web ?? '?'}, wasm execution provider (SIMD), ${threads} thread${threads === 1 ? '' : 's'}, in Node`;
      return { available: true, session: new OrtSession(ort, session, provider) };
    } catch (error) {
      return { available: false, reason: `onnxruntime-web cannot load the model: ${describeError(error)}` };
    }
  },
};

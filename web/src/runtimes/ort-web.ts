/**
 * onnxruntime-web in the page: its released ES module is loaded from this server at run
 * time (one per execution provider, see ort-builds.ts), given the local wasm folder,
 * and a session opened on exactly one provider — with nothing to fall back to, a
 * provider that cannot start fails instead of quietly running elsewhere.
 */
import { describeError } from '../../../src/util/errors.js';
import { OrtSession, type OrtModule } from '../../../src/runtime/adapters/ort-session.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult } from '../../../src/runtime/runtime.js';
import { ORT_FOLDER, ORT_MODULES, type OrtProvider } from './ort-builds.js';

interface OrtWebModule extends OrtModule {
  env: OrtModule['env'] & { wasm: { wasmPaths?: string; numThreads?: number; proxy?: boolean }; webgpu: { adapter?: unknown } };
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
}

const modules = new Map<OrtProvider, Promise<OrtWebModule>>();

function loadOrt(provider: OrtProvider): Promise<OrtWebModule> {
  let loading = modules.get(provider);
  if (!loading) {
    const folder = new URL(ORT_FOLDER, document.baseURI).href;
    loading = (import(/* @vite-ignore */ `${folder}${ORT_MODULES[provider]}`) as Promise<OrtWebModule>).then((ort) => {
      ort.env.wasm.wasmPaths = folder;
      // Threads need cross-origin isolation (the server sends COOP/COEP); ORT drops to one without it.
      ort.env.wasm.numThreads = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1));
      ort.env.wasm.proxy = false;
      return ort;
    });
    modules.set(provider, loading);
  }
  return loading;
}

async function webgpuAdapter(): Promise<{ adapter: unknown; name: string } | string> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  if (!gpu) return `this browser offers no WebGPU (navigator.gpu is missing${isSecureContext ? '' : '; the page is not a secure context'})`;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'WebGPU offers no adapter here';
  const info = adapter.info ?? {};
  return { adapter, name: [info.vendor, info.architecture, info.description].filter((s) => s).join(' ') || 'unnamed adapter' };
}

export async function openOrtWeb(model: ModelUnderTest, provider: OrtProvider): Promise<OpenResult> {
  try {
    const ort = await loadOrt(provider);
    let where = `${ort.env.wasm.numThreads ?? 1} thread${ort.env.wasm.numThreads === 1 ? '' : 's'}`;
    if (provider === 'webgpu') {
      const found = await webgpuAdapter();
      if (typeof found === 'string') return { available: false, reason: found };
      ort.env.webgpu.adapter = found.adapter;
      where = found.name;
    }
    const session = await ort.InferenceSession.create(model.bytes, { executionProviders: [provider], graphOptimizationLevel: 'all' });
    const provided = `onnxruntime-web ${ort.env.versions?.web ?? '?'}, ${provider} execution provider (${where})`;
    return { available: true, session: new OrtSession(ort, session, provided) };
  } catch (error) {
    return { available: false, reason: `onnxruntime-web (${provider}) cannot run the model: ${describeError(error)}` };
  }
}

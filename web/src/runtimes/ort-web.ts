/**
 * onnxruntime-web in the page: its released ES module is loaded from this server at run
 * time (one per execution provider, see ort-builds.ts), given the local wasm folder,
 * and a session opened on exactly one provider — with nothing to fall back to, a
 * provider that cannot start fails instead of quietly running elsewhere. The model's
 * external data files go to ORT with it.
 */
import { describeError } from '../../../src/util/errors.js';
import { OrtSession, type OrtInferenceSession, type OrtModule } from '../../../src/runtime/adapters/ort-session.js';
import { withPlacement } from '../../../src/runtime/adapters/browser/pages/ort-placement-log.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult } from '../../../src/runtime/runtime.js';
import { ORT_FOLDER, ORT_MODULES, type OrtProvider } from './ort-builds.js';

interface OrtWebModule extends OrtModule {
  env: OrtModule['env'] & { wasm: { wasmPaths?: string; numThreads?: number; proxy?: boolean }; webgpu: { adapter?: unknown } };
}

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

export interface OrtWebOptions {
  /**
   * Ask ORT where it placed the nodes (its verbose log while creating the session).
   * Only where ort-placement-log's watchOrtLog() keeps that log out of the console.
   */
  placement?: boolean;
}

type QuietRun = { run(...args: [...Parameters<OrtInferenceSession['run']>, { logSeverityLevel: number }]): ReturnType<OrtInferenceSession['run']> };

const modules = new Map<OrtProvider, Promise<OrtWebModule>>();

/** Threads for ORT's wasm: all cores up to 4 (ORT drops to one without cross-origin isolation). */
export const ORT_THREADS = Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency || 1));

function loadOrt(provider: OrtProvider): Promise<OrtWebModule> {
  let loading = modules.get(provider);
  if (!loading) {
    const folder = new URL(ORT_FOLDER, document.baseURI).href;
    loading = (import(/* @vite-ignore */ `${folder}${ORT_MODULES[provider]}`) as Promise<OrtWebModule>).then((ort) => {
      ort.env.wasm.wasmPaths = folder;
      ort.env.wasm.numThreads = ORT_THREADS;
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
  return { adapter, name: [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' / ') || 'unnamed adapter' };
}

/** The WebGL renderer of this page (ORT's WebGL EP makes its own context on the same GPU). */
function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'WebGL2 is not available in this page';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

export async function openOrtWeb(model: ModelUnderTest, provider: OrtProvider, options: OrtWebOptions = {}): Promise<OpenResult> {
  try {
    const ort = await loadOrt(provider);
    const threads = `${ort.env.wasm.numThreads ?? 1} thread${ort.env.wasm.numThreads === 1 ? '' : 's'}${globalThis.crossOriginIsolated ? '' : ' (page not cross-origin isolated)'}`;
    let where = provider === 'wasm' ? 'wasm execution provider (SIMD)' : '';
    if (provider === 'webgpu') {
      const found = await webgpuAdapter();
      if (typeof found === 'string') return { available: false, reason: found };
      ort.env.webgpu.adapter = found.adapter;
      where = `WebGPU execution provider on ${found.name}`;
    }
    if (provider === 'webgl') where = `WebGL execution provider on ${webglRenderer()}`;
    const sessionOptions = {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      ...(model.externalData.length > 0 ? { externalData: model.externalData.map((f) => ({ path: f.path, data: f.data })) } : {}),
      ...(options.placement ? { logSeverityLevel: 0 } : {}),
    };
    const create = () => ort.InferenceSession.create(model.bytes, sessionOptions);
    const { result: session, placement } = options.placement ? await withPlacement(create) : { result: await create(), placement: null };
    // Runs log warnings and errors only: the verbose level was for the placement.
    const quiet: OrtInferenceSession = options.placement ? { run: (feeds, fetches) => (session as QuietRun).run(feeds, fetches, { logSeverityLevel: 2 }), release: () => session.release() } : session;
    const provided = `onnxruntime-web ${ort.env.versions?.web ?? '?'}, ${where}, ${threads}${placement ? `, ${placement}` : ''}`;
    return { available: true, session: new OrtSession(ort, quiet, provided) };
  } catch (error) {
    return { available: false, reason: `onnxruntime-web (${provider}) cannot run the model: ${describeError(error)}` };
  }
}

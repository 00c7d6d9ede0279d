/**
 * Page side of the onnxruntime-web browser runtimes (ort-web-browser, ort-web-webgpu,
 * ort-web-webgl): loads onnxruntime-web's released dist module from the local server
 * (never bundled, never from a CDN), opens a session on exactly one execution provider
 * and runs any feeds to any fetches (tensors cross the bridge as bytes + type + dims). `open` reports what really runs: the thread count after ORT's own checks
 * (it silently drops to one thread without cross-origin isolation) and the WebGPU
 * adapter it was handed.
 */
import { runOrt, type OrtInferenceSession, type OrtModule } from '../../ort-session.js';
import { namedFromWire, namedToWire, type WireTensor } from '../wire-tensor.js';
import { exposeToNode } from '../../../../browser/expose-to-node.js';
import { watchOrtLog, withPlacement } from './ort-placement-log.js';

export type OrtWebExecutionProvider = 'wasm' | 'webgpu' | 'webgl';

export interface OrtWebOpenOptions {
  /** URL of onnxruntime-web's ES module, e.g. `/ort/ort.webgpu.min.mjs`. */
  moduleUrl: string;
  /** Folder URL of its .wasm/.mjs files (ORT's env.wasm.wasmPaths). */
  wasmPaths: string;
  executionProvider: OrtWebExecutionProvider;
  threads: number;
  model: Uint8Array;
  externalData: { path: string; data: Uint8Array }[];
}

export interface OrtWebFacts {
  ortVersion: string;
  /** Threads ORT's wasm really uses (read back after the session opened). */
  threads: number;
  crossOriginIsolated: boolean;
  /** The WebGPU adapter handed to ORT (vendor, architecture, description), the WebGL renderer, or null for wasm. */
  adapter: string | null;
  /** Where ORT placed the nodes, from its own log, e.g. "11 nodes on WebGpuExecutionProvider". */
  placement: string;
}

export interface OrtWebPageApi {
  open(options: OrtWebOpenOptions): Promise<OrtWebFacts>;
  run(feeds: Record<string, WireTensor>, fetches: string[]): Promise<Record<string, WireTensor>>;
  close(): Promise<void>;
}

interface OrtWebModule extends OrtModule {
  env: OrtModule['env'] & {
    wasm: { wasmPaths?: string; numThreads?: number; proxy?: boolean };
    webgpu: { adapter?: unknown };
  };
}

interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

type RunWithOptions = { run(...args: [...Parameters<OrtInferenceSession['run']>, { logSeverityLevel: number }]): ReturnType<OrtInferenceSession['run']> };

watchOrtLog();

let ort: OrtWebModule | null = null;
let session: OrtInferenceSession | null = null;

/** The adapter ORT will use, requested by us so we can say which one it is. */
async function webgpuAdapter(): Promise<{ adapter: unknown; text: string }> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) throw new Error(`WebGPU is not available in this page (navigator.gpu is missing; secure context: ${isSecureContext})`);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU offers no adapter here (navigator.gpu.requestAdapter() returned null)');
  const info = adapter.info ?? {};
  const text = [info.vendor, info.architecture, info.device, info.description].filter((s) => s).join(' / ') || 'unnamed adapter';
  return { adapter, text };
}

/** The WebGL renderer this page gets (ORT's WebGL EP makes its own context on the same GPU). */
function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) throw new Error('WebGL2 is not available in this page');
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function open(o: OrtWebOpenOptions): Promise<OrtWebFacts> {
  ort = (await import(/* @vite-ignore */ o.moduleUrl)) as OrtWebModule;
  ort.env.wasm.wasmPaths = o.wasmPaths;
  ort.env.wasm.numThreads = o.threads;
  ort.env.wasm.proxy = false;
  let adapter: string | null = null;
  if (o.executionProvider === 'webgpu') {
    const chosen = await webgpuAdapter();
    ort.env.webgpu.adapter = chosen.adapter;
    adapter = chosen.text;
  }
  if (o.executionProvider === 'webgl') adapter = webglRenderer();
  // One provider only: ORT then has no other EP to fall back to when this one cannot
  // start. Verbose logging while creating makes ORT say where each node went.
  const { result, placement } = await withPlacement(() =>
    ort!.InferenceSession.create(o.model, {
      executionProviders: [o.executionProvider],
      graphOptimizationLevel: 'all',
      externalData: o.externalData,
      logSeverityLevel: 0,
    }),
  );
  session = result;
  return {
    ortVersion: ort.env.versions?.web ?? '?',
    threads: ort.env.wasm.numThreads ?? 1,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    adapter,
    placement,
  };
}

async function run(feeds: Record<string, WireTensor>, fetches: string[]): Promise<Record<string, WireTensor>> {
  if (!ort || !session) throw new Error('run() before open()');
  // Runs log at warning level and above only: the verbose level was for placement.
  const quiet: OrtInferenceSession = { run: (f, names) => (session as RunWithOptions).run(f, names, { logSeverityLevel: 2 }), release: () => session!.release() };
  return namedToWire(await runOrt(ort, quiet, namedFromWire(feeds), fetches));
}

async function close(): Promise<void> {
  await session?.release();
  session = null;
}

exposeToNode<OrtWebPageApi>({ open, run, close });

/**
 * Page side of the onnxruntime-web browser runtimes (ort-web-browser, ort-web-webgpu):
 * loads onnxruntime-web's released dist module from the local server (never bundled,
 * never from a CDN), opens a session on exactly one execution provider and runs named
 * outputs. `open` reports what really runs: the thread count after ORT's own checks
 * (it silently drops to one thread without cross-origin isolation) and the WebGPU
 * adapter it was handed.
 */
import type { OrtInferenceSession, OrtModule } from '../../ort-session.js';
import { exposeToNode } from '../../../../browser/expose-to-node.js';
import { watchOrtLog, withPlacement } from './ort-placement-log.js';

export type OrtWebExecutionProvider = 'wasm' | 'webgpu';

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
  /** The WebGPU adapter handed to ORT (vendor, architecture, description), or null for wasm. */
  adapter: string | null;
  /** Where ORT placed the nodes, from its own log, e.g. "11 nodes on WebGpuExecutionProvider". */
  placement: string;
}

export interface OrtWebOutput {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface OrtWebPageApi {
  open(options: OrtWebOpenOptions): Promise<OrtWebFacts>;
  run(inputName: string, input: Float32Array, dims: number[], names: string[]): Promise<OrtWebOutput[]>;
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

async function run(inputName: string, input: Float32Array, dims: number[], names: string[]): Promise<OrtWebOutput[]> {
  if (!ort || !session) throw new Error('run() before open()');
  // Runs log at warning level and above only: the verbose level was for placement.
  const results = await (session as RunWithOptions).run({ [inputName]: new ort.Tensor('float32', input, dims) }, names, { logSeverityLevel: 2 });
  return names.map((name) => {
    const t = results[name];
    if (!t || t.type !== 'float32' || !(t.data instanceof Float32Array)) throw new Error(`output "${name}" is ${t ? t.type : 'missing'}, expected float32`);
    return { name, dims: [...t.dims], data: t.data };
  });
}

async function close(): Promise<void> {
  await session?.release();
  session = null;
}

exposeToNode<OrtWebPageApi>({ open, run, close });

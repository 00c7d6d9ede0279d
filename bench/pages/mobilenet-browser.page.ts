/**
 * Page side of the browser inference benchmark: one model, batch 1, on our
 * engine's webgl2 device and on onnxruntime-web's wasm, WebGL and WebGPU execution
 * providers, all in this one page. Each runtime is opened once (first run timed,
 * shader compilation included), then they take turns round after round so load
 * spikes on the shared machine hit them alike; each reports its median run. Every
 * run includes reading the output back to the page.
 */
import { exposeToNode } from '../../src/browser/expose-to-node.js';
import { readOnnxGraph } from '../../src/export/onnx-graph-reader.js';
import { createWebgl2Device } from '../../src/graph/backends/webgl2/executor/index.js';
import { GraphExecutor } from '../../src/graph/executor/executor.js';

export interface RuntimeTiming {
  name: string;
  /** null when the runtime could not start or run; `error` says why. */
  medianMs: number | null;
  /** The fastest run: on a loaded shared machine the least disturbed one. */
  bestMs: number | null;
  firstMs: number | null;
  /** What really ran (GL renderer, ORT's thread count or adapter). */
  detail: string;
  error?: string;
  /** max |output − engine-webgl2's output|, a sanity check that all computed the same model. */
  maxAbsVsEngine?: number;
}

export interface BrowserBenchOptions {
  model: Uint8Array;
  /** The same model with its batch dimension fixed: onnxruntime-web's WebGL EP refuses symbolic dims. */
  fixedModel: Uint8Array;
  input: Float32Array;
  dims: number[];
  rounds: number;
  /** URL of onnxruntime-web's all-providers module and its folder (wasm files). */
  ortModuleUrl: string;
  ortWasmPaths: string;
  /** Which runtimes to run (default all). */
  only?: string[];
}

interface OrtLike {
  env: { wasm: { wasmPaths?: string; numThreads?: number; proxy?: boolean }; versions?: { web?: string } };
  Tensor: new (type: string, data: Float32Array, dims: number[]) => unknown;
  InferenceSession: { create(model: Uint8Array, options: Record<string, unknown>): Promise<OrtSessionLike> };
}

interface OrtSessionLike {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release(): Promise<void>;
}

interface Contender {
  name: string;
  detail: string;
  run(): Promise<Float32Array>;
  close(): Promise<void>;
}

async function engineWebgl2(o: BrowserBenchOptions): Promise<Contender> {
  const graph = readOnnxGraph(o.model);
  const device = createWebgl2Device({ canvas: document.createElement('canvas') });
  const executor = new GraphExecutor(graph, device);
  const feeds = new Map([[graph.inputs[0]!.name, { type: 'float32' as const, dims: o.dims, data: o.input }]]);
  const output = graph.outputs[0]!.name;
  return {
    name: 'engine-webgl2',
    detail: device.renderer,
    run: async () => {
      const fallbacks = [...device.fallbacks()];
      if (fallbacks.length) throw new Error(`CPU fallbacks: ${JSON.stringify(fallbacks)}`);
      return (await executor.run(feeds)).get(output)!.data as Float32Array;
    },
    close: async () => {
      executor.dispose();
      device.destroy();
    },
  };
}

async function ortContender(ort: OrtLike, provider: 'wasm' | 'webgl' | 'webgpu', o: BrowserBenchOptions): Promise<Contender> {
  const session = await ort.InferenceSession.create(o.fixedModel, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  const tensor = new ort.Tensor('float32', o.input, o.dims);
  const name = { wasm: 'ort-web-browser', webgl: 'ort-web-webgl', webgpu: 'ort-web-webgpu' }[provider];
  const detail = provider === 'wasm' ? `wasm, ${ort.env.wasm.numThreads ?? 1} thread(s)${globalThis.crossOriginIsolated ? '' : ' (no cross-origin isolation)'}` : provider;
  return {
    name,
    detail: `onnxruntime-web ${ort.env.versions?.web ?? '?'} ${detail}`,
    run: async () => {
      const out = await session.run({ [session.inputNames[0]!]: tensor });
      const data = out[session.outputNames[0]!]!.data;
      return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
    },
    close: () => session.release(),
  };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function bench(o: BrowserBenchOptions): Promise<RuntimeTiming[]> {
  const ort = (await import(/* @vite-ignore */ o.ortModuleUrl)) as OrtLike;
  ort.env.wasm.wasmPaths = o.ortWasmPaths;
  ort.env.wasm.proxy = false;
  const makers: [string, () => Promise<Contender>][] = [
    ['engine-webgl2', () => engineWebgl2(o)],
    ['ort-web-browser', () => ortContender(ort, 'wasm', o)],
    ['ort-web-webgl', () => ortContender(ort, 'webgl', o)],
    ['ort-web-webgpu', () => ortContender(ort, 'webgpu', o)],
  ];
  const results: RuntimeTiming[] = [];
  const live: { c: Contender; times: number[]; t: RuntimeTiming }[] = [];
  let reference: Float32Array | null = null;
  for (const [name, make] of makers.filter(([n]) => !o.only || o.only.includes(n))) {
    const t: RuntimeTiming = { name, medianMs: null, bestMs: null, firstMs: null, detail: '' };
    results.push(t);
    try {
      const start = performance.now();
      const c = await make();
      const out = await c.run();
      t.firstMs = performance.now() - start;
      t.detail = c.detail;
      if (name === 'engine-webgl2') reference = out;
      else if (reference) t.maxAbsVsEngine = out.reduce((m, v, i) => Math.max(m, Math.abs(v - reference![i]!)), 0);
      live.push({ c, times: [], t });
    } catch (error) {
      t.error = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    }
  }
  for (let r = 0; r < o.rounds; r++) {
    for (const entry of live) {
      if (entry.t.error) continue;
      try {
        const start = performance.now();
        await entry.c.run();
        entry.times.push(performance.now() - start);
      } catch (error) {
        entry.t.error = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      }
    }
  }
  for (const entry of live) {
    if (entry.times.length) {
      entry.t.medianMs = median(entry.times);
      entry.t.bestMs = Math.min(...entry.times);
    }
    await entry.c.close().catch(() => {});
  }
  return results;
}

exposeToNode({ bench });

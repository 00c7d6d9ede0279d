/**
 * MobileNetV2 (../shared/fixtures/zoo/mobilenet_v2, 224×224) at batch 1 and 8:
 * engine-cpu (the graph executor on the wasm kernels) against onnxruntime-node (CPU EP)
 * and onnxruntime-web (wasm, in Node), all on the same thread count. The runtimes take
 * turns within each round, so a busy machine slows them alike; medians per runtime.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOnnxGraph } from '../src/export/onnx-graph-reader.js';
import { cpuDevice } from '../src/graph/executor/devices/cpu.js';
import { GraphExecutor } from '../src/graph/executor/executor.js';
import type { HostTensor } from '../src/graph/host-tensor.js';
import { median } from './stats.js';

const require = createRequire(import.meta.url);
export const MOBILENET = fileURLToPath(new URL('../../shared/fixtures/zoo/mobilenet_v2/model.onnx', import.meta.url));

export interface MobilenetTimes {
  batch: number;
  engine_cpu_ms: number;
  ort_node_ms: number;
  ort_web_ms: number;
}

/** Pause before each timed run. */
const SETTLE_MS = 30;

type Runner = (input: Float32Array, batch: number) => Promise<unknown>;

function image(batch: number): Float32Array {
  const x = new Float32Array(batch * 3 * 224 * 224);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 500 - 1;
  return x;
}

async function runners(threads: number): Promise<{ runs: Record<'engine_cpu' | 'ort_node' | 'ort_web', Runner>; close(): Promise<void> }> {
  const model = readFileSync(MOBILENET);
  const executor = new GraphExecutor(loadOnnxGraph(MOBILENET), cpuDevice({ threads }));
  const ortNode = await import('onnxruntime-node');
  const nodeSession = await ortNode.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1, executionProviders: ['cpu'] });
  const ortWeb = await import('onnxruntime-web');
  // Resolve the wasm files from node_modules: no network, ever.
  ortWeb.env.wasm.wasmPaths = `${join(dirname(require.resolve('onnxruntime-web')), '/')}`;
  ortWeb.env.wasm.numThreads = threads;
  const webSession = await ortWeb.InferenceSession.create(model, { executionProviders: ['wasm'] });
  const dims = (batch: number) => [batch, 3, 224, 224];
  return {
    runs: {
      engine_cpu: (x, batch) => executor.run(new Map<string, HostTensor>([['input', { type: 'float32', dims: dims(batch), data: x }]])),
      ort_node: (x, batch) => nodeSession.run({ input: new ortNode.Tensor('float32', x, dims(batch)) }),
      ort_web: (x, batch) => webSession.run({ input: new ortWeb.Tensor('float32', x, dims(batch)) }),
    },
    async close() {
      executor.dispose();
      await nodeSession.release();
      await webSession.release();
    },
  };
}

/** Median milliseconds per inference of each runtime at each batch size. */
export async function benchMobilenet(threads: number, batches: readonly number[] = [1, 8]): Promise<MobilenetTimes[]> {
  const { runs, close } = await runners(threads);
  const results: MobilenetTimes[] = [];
  try {
    for (const batch of batches) {
      const x = image(batch);
      const rounds = batch === 1 ? 15 : 6;
      const times: Record<string, number[]> = { engine_cpu: [], ort_node: [], ort_web: [] };
      for (const run of Object.values(runs)) for (let i = 0; i < 2; i++) await run(x, batch); // warm-up
      for (let r = 0; r < rounds; r++) {
        for (const [name, run] of Object.entries(runs)) {
          // A pause first: onnxruntime's threads spin for a while after a run, which would tax whoever runs next.
          await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
          const t = performance.now();
          await run(x, batch);
          times[name]!.push(performance.now() - t);
        }
      }
      const ms = (name: string) => Math.round(median(times[name]!) * 10) / 10;
      results.push({ batch, engine_cpu_ms: ms('engine_cpu'), ort_node_ms: ms('ort_node'), ort_web_ms: ms('ort_web') });
    }
  } finally {
    await close();
  }
  return results;
}

export function formatMobilenetBench(rows: readonly MobilenetTimes[], threads: number): string[] {
  const lines = [`MobileNetV2 224×224, ${threads} threads; median ms per inference (lower is better), runtimes interleaved`, '',
    '| batch | engine-cpu | ort-node | ort-web-node (wasm) | engine-cpu vs ort-node | engine-cpu vs ort-web |', '|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) {
    lines.push(`| ${r.batch} | ${r.engine_cpu_ms} | ${r.ort_node_ms} | ${r.ort_web_ms} | ${(r.engine_cpu_ms / r.ort_node_ms).toFixed(2)}× the time | ${(r.engine_cpu_ms / r.ort_web_ms).toFixed(2)}× the time |`);
  }
  return lines;
}

/**
 * Page side of the webgl2 device tests: ONNX test cases (model and TensorProto
 * bytes read in Node) run through the GraphExecutor on the webgl2 device in this
 * page, compared here with the expected outputs. Also repeated inference of one
 * model, reporting textures and JS heap before and after.
 */
import { exposeToNode } from '../../../../../src/browser/expose-to-node.js';
import { readOnnxGraph } from '../../../../../src/export/onnx-graph-reader.js';
import { decodeTensorProtoFile } from '../../../../../src/export/host-tensor-proto.js';
import { createWebgl2Device } from '../../../../../src/graph/backends/webgl2/executor/index.js';
import { GraphExecutor } from '../../../../../src/graph/executor/executor.js';
import type { ExecGraph } from '../../../../../src/graph/executor/graph-ir.js';
import { toFloat64, type HostTensor } from '../../../../../src/graph/host-tensor.js';
import { compareTensors } from '../../../../helpers/onnx-case.js';

export interface WireCase {
  name: string;
  model: Uint8Array;
  sets: { inputs: Uint8Array[]; outputs: Uint8Array[] }[];
}

export interface CaseOutcome {
  name: string;
  /** null when every output matched. */
  problem: string | null;
  /** Largest |actual − expected| over all float outputs. */
  maxAbs: number;
  /** Read-backs for CPU kernels during this case, per op type. */
  fallbacks: Record<string, number>;
  /** CPU kernel runs on host data only (int, bool or float64 tensors), per op type. */
  hostRuns: Record<string, number>;
  /** GPU kernel runs per op type (`Conv+clamp` for a Conv with its activation folded in). */
  gpuRuns: Record<string, number>;
  /** Textures still held after the executor was disposed. */
  liveTextures: number;
  ms: number;
}

const device = createWebgl2Device({ canvas: document.createElement('canvas') });

function byPosition(files: readonly Uint8Array[], names: readonly string[], label: string): Map<string, HostTensor> {
  return new Map(files.map((bytes, k) => [names[k]!, decodeTensorProtoFile(bytes, `${label} ${k}`).tensor]));
}

/** NaN against NaN counts as equal; NaN against a number as infinitely far. */
function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  const x = toFloat64(a);
  const y = toFloat64(b);
  let worst = 0;
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (Number.isNaN(x[i]!) && Number.isNaN(y[i]!)) continue;
    const d = Math.abs(x[i]! - y[i]!);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst;
}

function counts(which: 'fallbacks' | 'hostRuns' | 'gpuRuns' = 'fallbacks'): Map<string, number> {
  return new Map(device[which]());
}

function delta(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [op, n] of after) if (n !== (before.get(op) ?? 0)) out[op] = n - (before.get(op) ?? 0);
  return out;
}

async function runCase(c: WireCase, tolerance: { rtol: number; atol: number }): Promise<CaseOutcome> {
  const start = performance.now();
  const before = counts();
  const hostBefore = counts('hostRuns');
  const gpuBefore = counts('gpuRuns');
  let problem: string | null = null;
  let maxAbs = 0;
  try {
    const graph: ExecGraph = readOnnxGraph(c.model, { source: `${c.name}/model.onnx` });
    const executor = new GraphExecutor(graph, device);
    try {
      for (const [s, set] of c.sets.entries()) {
        const feeds = byPosition(set.inputs, graph.inputs.map((i) => i.name), 'input');
        const expected = byPosition(set.outputs, graph.outputs.map((o) => o.name), 'output');
        const outputs = await executor.run(feeds);
        for (const [name, want] of expected) {
          const got = outputs.get(name)!;
          maxAbs = Math.max(maxAbs, maxAbsDiff(got, want));
          problem ??= compareTensors(got, want, tolerance) && `test_data_set_${s} output "${name}": ${compareTensors(got, want, tolerance)}`;
        }
      }
    } finally {
      executor.dispose();
    }
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const fallbacks = delta(before, counts());
  const hostRuns = delta(hostBefore, counts('hostRuns'));
  const gpuRuns = delta(gpuBefore, counts('gpuRuns'));
  return { name: c.name, problem, maxAbs, fallbacks, hostRuns, gpuRuns, liveTextures: device.liveTextures(), ms: performance.now() - start };
}

async function runCases(cases: WireCase[], tolerance: { rtol: number; atol: number }): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) outcomes.push(await runCase(c, tolerance));
  return outcomes;
}

export interface RepeatReport {
  /** Live textures, textures ever created and JS heap (after a GC) once warm, and after `times` more runs. */
  live: [number, number];
  created: [number, number];
  heap: [number, number];
  fallbacks: Record<string, number>;
  msPerRun: number;
}

/** Runs one model `warmup` times, takes stock, runs it `times` more and takes stock again. */
async function repeat(c: WireCase, warmup: number, times: number): Promise<RepeatReport> {
  const graph = readOnnxGraph(c.model, { source: `${c.name}/model.onnx` });
  const feeds = byPosition(c.sets[0]!.inputs, graph.inputs.map((i) => i.name), 'input');
  const executor = new GraphExecutor(graph, device);
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
  };
  const before = counts();
  try {
    for (let i = 0; i < warmup; i++) await executor.run(feeds);
    const first = { live: device.liveTextures(), created: device.texturesCreated(), heap: heap() };
    const start = performance.now();
    for (let i = 0; i < times; i++) await executor.run(feeds);
    const msPerRun = (performance.now() - start) / times;
    return {
      live: [first.live, device.liveTextures()],
      created: [first.created, device.texturesCreated()],
      heap: [first.heap, heap()],
      fallbacks: delta(before, counts()),
      msPerRun,
    };
  } finally {
    executor.dispose();
  }
}

exposeToNode({ runCases, repeat, renderer: async () => device.renderer, liveTextures: async () => device.liveTextures() });

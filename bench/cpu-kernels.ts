/**
 * Fast CPU backend benchmark: the seed LeNet5 trained at batch 64 (SGD with momentum,
 * forward + backward + update, all through the engine's model/autograd API) and run
 * forward at batch 256 through the compiled forward plan (what engine-cpu runs; the
 * model API under noGrad is measured too), in images per second (medians of several
 * runs after a warm-up), plus a per-op breakdown of one training step (ms per step,
 * summed over the op's calls, from an instrumented pass so the timed runs carry no
 * overhead) with each op's GFLOP/s.
 *
 *   node --import tsx bench/cpu-kernels.ts [--threads N] [--kernels wasm|js] [--ort] [--json]
 *
 * `--ort` also measures onnxruntime-node on the same model, with 1 thread and with the
 * engine's thread count, in the same run (ratios are what to compare: the machine is shared).
 */
import { pathToFileURL } from 'node:url';
import type { Backend, Conv2dGeometry, ForwardPlan, GemmGeometry, Pool2dGeometry } from '../src/graph/backend.js';
import { createCpuBackend, type CpuBackend } from '../src/graph/backends/cpu/index.js';
import { backward, noGrad } from '../src/graph/autograd.js';
import { buildModel, type Model } from '../src/graph/models/build.js';
import { createLenetSpec } from '../src/graph/models/lenet.js';
import { softmaxCrossEntropy } from '../src/graph/ops/index.js';
import { Random } from '../src/graph/random.js';
import { tidy } from '../src/graph/scope.js';
import { tensorFrom } from '../src/graph/tensor.js';
import { Sgd } from '../src/train/optim/index.js';
import { median } from './stats.js';

export interface CpuBenchOptions {
  threads?: number;
  kernels?: 'wasm' | 'js';
  trainBatch?: number;
  inferBatch?: number;
  /** Timed runs (the median is reported) and steps per run. */
  runs?: number;
  trainStepsPerRun?: number;
  inferPassesPerRun?: number;
}

export interface CpuBenchResult {
  train_img_per_s: number;
  /** Forward through the compiled plan (engine-cpu's path). */
  infer_img_per_s: number;
  /** Forward through Model.forward under noGrad (tensors, one backend call per layer). */
  infer_model_api_img_per_s: number;
  /** Milliseconds per training step spent in each backend call, keyed by op and shape. */
  per_op: Record<string, number>;
  /** GFLOP/s of each op that multiplies (2 FLOP per multiply-add), same keys. */
  per_op_gflops: Record<string, number>;
  /**
   * Images per CPU-second (all threads), training and forward: what the kernels cost
   * regardless of how much of the machine other processes took during the run.
   */
  train_img_per_cpu_s: number;
  infer_img_per_cpu_s: number;
  threads: number;
  kernels: 'wasm' | 'js';
  /** How the kernels round (fused multiply-add on the relaxed-SIMD build). */
  arithmetic: string;
}

function randomBatch(batch: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = new Random(seed);
  const x = new Float32Array(batch * 3 * 32 * 32);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform(-1, 1);
  const y = Float32Array.from({ length: batch }, () => rng.int(10));
  return { x, y };
}

function trainStep(model: Model, opt: Sgd, be: Backend, batch: { x: Float32Array; y: Float32Array }): void {
  const n = batch.y.length;
  tidy(() => {
    const x = tensorFrom(be, [n, 3, 32, 32], batch.x);
    const labels = tensorFrom(be, [n], batch.y);
    const loss = softmaxCrossEntropy(model.forward(x), labels);
    backward(loss);
    loss.dataSync();
  });
  opt.step();
  opt.zeroGrad();
}

function planPass(plan: ForwardPlan, x: Float32Array, n: number): void {
  plan.run(x, n);
}

function forwardPass(model: Model, be: Backend, x: Float32Array, n: number): void {
  noGrad(() => tidy(() => model.forward(tensorFrom(be, [n, 3, 32, 32], x)).dataSync()));
}

interface Timing {
  /** Wall-clock seconds per call, one entry per run. */
  wall: number[];
  /** CPU seconds (all threads of the process) per call, one entry per run. */
  cpu: number[];
}

/** Runs of `steps` calls of `fn` each, after `warmup` untimed calls. */
function time(fn: () => void, runs: number, steps: number, warmup: number): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const out: Timing = { wall: [], cpu: [] };
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    for (let s = 0; s < steps; s++) fn();
    const dc = process.cpuUsage(c);
    out.wall.push((performance.now() - t) / 1000 / steps);
    out.cpu.push((dc.user + dc.system) / 1e6 / steps);
  }
  return out;
}

const convKey = (g: Conv2dGeometry) => `${g.inChannels}→${g.outChannels} ${g.inHeight}x${g.inWidth}`;
const poolKey = (g: Pool2dGeometry) => `${g.channels}ch ${g.inHeight}x${g.inWidth}`;
const gemmKey = (g: GemmGeometry) => `${g.m}x${g.k}${g.transA ? 'ᵀ' : ''}·${g.k}x${g.n}${g.transB ? 'ᵀ' : ''}`;

const convFlops = (g: Conv2dGeometry) =>
  2 * g.batch * g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth * g.outHeight * g.outWidth;
const CONV_OPS = ['conv2d', 'conv2dMaxPool', 'conv2dBackwardInput', 'conv2dBackwardWeight'];

/** FLOPs of one call (0 for ops that only move or compare data). */
function flopsOf(op: string, args: unknown[]): number {
  const g = args.find((a) => typeof a === 'object' && a !== null && ('outChannels' in a || 'transA' in a));
  if (g && 'outChannels' in g && CONV_OPS.includes(op)) return convFlops(g as Conv2dGeometry);
  if (g && 'transA' in g) {
    const { m, n, k } = g as GemmGeometry;
    return 2 * m * n * k;
  }
  return 0;
}

/** Wraps a backend so every call is timed into `totals` (ms) and counted into `flops`, keyed by op and shape. */
function instrument(be: Backend, totals: Map<string, number>, flops: Map<string, number>): Backend {
  const keyOf = (op: string, args: unknown[]): string => {
    const g = args.find((a) => typeof a === 'object' && a !== null && ('outChannels' in a || 'channels' in a || 'transA' in a));
    if (g && 'outChannels' in g) return `${op} ${convKey(g as Conv2dGeometry)}`;
    if (g && 'channels' in g) return `${op} ${poolKey(g as Pool2dGeometry)}`;
    if (g && 'transA' in g) return `${op} ${gemmKey(g as GemmGeometry)}`;
    if (op === 'unary' || op === 'unaryBackward') return `${op} ${String(args[0])} ${(args[1] as { size: number }).size}`;
    return op;
  };
  return new Proxy(be, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function' || ['liveCount', 'name', 'dtype'].includes(String(prop))) return v;
      return (...args: unknown[]) => {
        const t = performance.now();
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        const key = keyOf(String(prop), args);
        totals.set(key, (totals.get(key) ?? 0) + performance.now() - t);
        flops.set(key, (flops.get(key) ?? 0) + flopsOf(String(prop), args));
        return out;
      };
    },
  });
}

/** Training steps of a fresh LeNet5 with SGD on `be`, timed (runs of `steps` steps after warm-ups). */
function timeTraining(be: Backend, batchSize: number, runs: number, steps: number): Timing {
  const model = buildModel(createLenetSpec('lenet5', 0), be);
  const opt = new Sgd(model.params, { lr: 0.01, momentum: 0.9 });
  const batch = randomBatch(batchSize, 1);
  const t = time(() => trainStep(model, opt, be, batch), runs, steps, 3);
  opt.dispose();
  model.dispose();
  return t;
}

/** Training alone, img/s (median), for pairing with a peer measured right after it (bench/index.ts). */
export async function benchTrain(threads: number, runs = 5, steps = 10): Promise<number> {
  const be: CpuBackend = createCpuBackend({ threads });
  await be.ready();
  return 64 / median(timeTraining(be, 64, runs, steps).wall);
}

export async function benchCpu(options: CpuBenchOptions = {}): Promise<CpuBenchResult> {
  const { trainBatch = 64, inferBatch = 256, runs = 5, trainStepsPerRun = 10, inferPassesPerRun = 4 } = options;
  const be: CpuBackend = createCpuBackend(options);
  await be.ready();
  const spec = createLenetSpec('lenet5', 0);

  const train = timeTraining(be, trainBatch, runs, trainStepsPerRun);
  const model = buildModel(spec, be);
  const batch = randomBatch(trainBatch, 1);
  const infer = randomBatch(inferBatch, 2);
  const modelApi = time(() => forwardPass(model, be, infer.x, inferBatch), runs, inferPassesPerRun, 2);
  const plan = model.compileForward();
  const forward = plan ? time(() => planPass(plan, infer.x, inferBatch), runs, inferPassesPerRun, 2) : modelApi;
  plan?.dispose();

  // Per-op breakdown: a separate, instrumented model on the same backend; per op, the
  // median over steps of its time in that step (robust to a noisy neighbour).
  const totals = new Map<string, number>();
  const flops = new Map<string, number>();
  const timed = instrument(be, totals, flops);
  const model2 = buildModel(spec, timed);
  const opt2 = new Sgd(model2.params, { lr: 0.01, momentum: 0.9 });
  trainStep(model2, opt2, timed, batch);
  const samples = new Map<string, number[]>();
  for (let i = 0; i < 2 * runs + 1; i++) {
    totals.clear();
    flops.clear();
    trainStep(model2, opt2, timed, batch);
    for (const [k, ms] of totals) samples.set(k, [...(samples.get(k) ?? []), ms]);
  }
  const per_op: Record<string, number> = {};
  const per_op_gflops: Record<string, number> = {};
  for (const [k, ms] of [...samples].map(([k, v]) => [k, median(v)] as const).sort((a, b) => b[1] - a[1])) {
    per_op[k] = ms;
    const f = flops.get(k) ?? 0;
    if (f > 0) per_op_gflops[k] = Math.round((f / (ms * 1e6)) * 10) / 10;
  }

  opt2.dispose();
  model2.dispose();
  model.dispose();
  return {
    train_img_per_s: trainBatch / median(train.wall),
    infer_img_per_s: inferBatch / median(forward.wall),
    infer_model_api_img_per_s: inferBatch / median(modelApi.wall),
    per_op,
    per_op_gflops,
    train_img_per_cpu_s: trainBatch / median(train.cpu),
    infer_img_per_cpu_s: inferBatch / median(forward.cpu),
    threads: be.threads,
    kernels: be.kernelKind,
    arithmetic: be.arithmetic ?? 'float32',
  };
}

/** `peak`: one core's GFLOP/s with the arithmetic the kernels use. */
export function formatCpuBench(r: CpuBenchResult, peak?: number): string[] {
  const stepMs = Object.values(r.per_op).reduce((a, b) => a + b, 0);
  const allPeak = peak ? peak * r.threads : 0;
  const lines = [
    `cpu (${r.kernels}, ${r.threads} thread${r.threads > 1 ? 's' : ''}): train ${r.train_img_per_s.toFixed(0)} img/s (batch 64), forward ${r.infer_img_per_s.toFixed(0)} img/s (batch 256; model API ${r.infer_model_api_img_per_s.toFixed(0)})`,
    `  per CPU-second (all threads): train ${r.train_img_per_cpu_s.toFixed(0)} img, forward ${r.infer_img_per_cpu_s.toFixed(0)} img`,
    `per-op time of one instrumented training step (${stepMs.toFixed(2)} ms in backend calls)${allPeak ? `; peak ${allPeak.toFixed(1)} GFLOP/s (${r.threads} × ${peak!.toFixed(1)}, ${r.arithmetic})` : ''}:`,
  ];
  for (const [k, ms] of Object.entries(r.per_op)) {
    const gf = r.per_op_gflops[k];
    const rate = gf === undefined ? '' : `${gf.toFixed(1).padStart(6)} GFLOP/s${allPeak ? ` (${((100 * gf) / allPeak).toFixed(0).padStart(3)}% of peak)` : ''}`;
    lines.push(`  ${k.padEnd(44)} ${ms.toFixed(3).padStart(8)} ms  ${((100 * ms) / stepMs).toFixed(1).padStart(5)}%  ${rate}`);
  }
  return lines;
}

async function ortComparison(threads: number): Promise<string[]> {
  const { writeOnnx } = await import('../src/export/index.js');
  const { benchOrtNode } = await import('./peer-ort.js');
  const model = writeOnnx(createLenetSpec('lenet5', 0));
  const lines: string[] = [];
  for (const t of [...new Set([1, threads])]) lines.push(`onnxruntime-node, ${t} thread(s): forward ${(await benchOrtNode(model, t)).toFixed(0)} img/s (batch 256)`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const threads = arg('--threads');
  const kernels = arg('--kernels') as 'wasm' | 'js' | undefined;
  const r = await benchCpu({ ...(threads && { threads: Number(threads) }), ...(kernels && { kernels }) });
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const line of formatCpuBench(r)) console.log(line);
  if (process.argv.includes('--ort')) for (const line of await ortComparison(r.threads)) console.log(line);
}

/**
 * `npm run bench [-- --json] [-- --skip webgl2,tfjs,data,latency,torch,cold-start,mobilenet,mobilenet-browser]`:
 * every speed figure the issues ask for, with the peers measured in the same run (the
 * machine is shared and noisy, so ratios within one run are what to compare). Medians
 * after warm-ups.
 */
import { createLenetSpec } from '../src/graph/models/lenet.js';
import { writeOnnx } from '../src/export/index.js';
import { benchColdStart } from './cold-start.js';
import { benchCpu, benchTrain, formatCpuBench } from './cpu-kernels.js';
import { benchData, formatDataBench } from './data.js';
import { benchLatency, formatLatency, type LatencyFigure } from './latency.js';
import { benchMobilenet, formatMobilenetBench } from './mobilenet.js';
import { benchOrtNode, benchOrtWeb, ortNodeImagesPerCpuSecond } from './peer-ort.js';
import { benchTfjsCpuTrain } from './peer-tfjs-cpu.js';
import { benchTorch, type TorchResult } from './peer-torch.js';
import { measureSimdPeak } from './simd-peak.js';
import { median } from './stats.js';
import { benchWebgl2 } from './webgl2.js';
import { benchMobilenetBrowser, formatBrowserBench } from './mobilenet-browser.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const skipArg = args[args.indexOf('--skip') + 1];
const skip = new Set(args.includes('--skip') && skipArg ? skipArg.split(',') : []);
const log = (line: string) => {
  if (!json) console.log(line);
};

const figures: Record<string, unknown> = {};
const round = (x: number) => Math.round(x);

log('LeNet5 (seed architecture), this machine; medians, peers in the same run\n');
const peak = await measureSimdPeak();
figures.simd_peak_gflop_s = { mul_add: round(peak.mulAdd), fused: peak.fused === null ? null : round(peak.fused) };
const cpu = await benchCpu();
figures.train_img_per_s = round(cpu.train_img_per_s);
figures.infer_img_per_s = round(cpu.infer_img_per_s);
figures.infer_model_api_img_per_s = round(cpu.infer_model_api_img_per_s);
figures.threads = cpu.threads;
figures.per_op_ms = cpu.per_op;
figures.per_op_gflop_s = cpu.per_op_gflops;
figures.arithmetic = cpu.arithmetic;
const fusedKernels = cpu.arithmetic.startsWith('fused') && peak.fused !== null;
for (const line of formatCpuBench(cpu, fusedKernels ? peak.fused! : peak.mulAdd)) log(line);
log(`simd peak of one core: ${peak.mulAdd.toFixed(1)} GFLOP/s multiply then add, ${peak.fused?.toFixed(1) ?? 'n/a'} fused`);

// Images per CPU-second (all threads): what the kernels cost whatever else runs on the
// machine. The peers run on one thread here, where no thread spins while waiting.
const perCpu: Record<string, number> = { engine_train: round(cpu.train_img_per_cpu_s), engine_infer: round(cpu.infer_img_per_cpu_s) };
let trainVsTorch: number | undefined;
if (!skip.has('torch')) {
  // The machine's speed drifts within a run (a VM's second core most of all), so the
  // training comparison is three pairs, each engine measurement followed at once by
  // PyTorch's; the ratio is the median of the pairs' ratios.
  const pairs: { engine: number; torch: Exclude<TorchResult, { skipped: string }> }[] = [];
  let skipped: string | undefined;
  for (let i = 0; i < 3 && skipped === undefined; i++) {
    const engine = await benchTrain(cpu.threads);
    const torch = benchTorch(cpu.threads);
    if ('skipped' in torch) skipped = torch.skipped;
    else pairs.push({ engine, torch });
  }
  if (skipped !== undefined) figures.torch_skipped = skipped;
  else {
    const mid = (xs: number[]) => round(median(xs));
    figures.train_img_per_s = mid(pairs.map((p) => p.engine));
    figures.torch_train_img_per_s = mid(pairs.map((p) => p.torch.train_img_per_s));
    figures.torch_infer_img_per_s = mid(pairs.map((p) => p.torch.infer_img_per_s));
    figures.train_vs_torch_pairs = pairs.map((p) => Math.round((p.engine / p.torch.train_img_per_s) * 100) / 100);
    trainVsTorch = median(pairs.map((p) => p.engine / p.torch.train_img_per_s));
    figures.torch_version = pairs[0]!.torch.version;
    const single = benchTorch(1);
    if (!('skipped' in single)) {
      perCpu.torch_1thread_train = round(single.train_img_per_cpu_s);
      perCpu.torch_1thread_infer = round(single.infer_img_per_cpu_s);
    }
  }
}
if (!skip.has('latency')) {
  const latency = await benchLatency([1, 2]);
  figures.latency_b1_us = latency;
  log('');
  for (const line of formatLatency(latency)) log(line);
}
if (!skip.has('cold-start')) {
  const cold = benchColdStart();
  figures.predict_cold_start_s = 'skipped' in cold ? { skipped: cold.skipped } : cold;
}

const model = writeOnnx(createLenetSpec('lenet5', 0));
figures.ort_node_infer_img_per_s = round(await benchOrtNode(model, cpu.threads));
figures.ort_node_1thread_infer_img_per_s = round(await benchOrtNode(model, 1));
perCpu.ort_node_1thread_infer = round(await ortNodeImagesPerCpuSecond(model));
figures.img_per_cpu_s = perCpu;
figures.ort_web_infer_img_per_s = round(await benchOrtWeb(model, cpu.threads));
if (!skip.has('tfjs')) figures.tfjs_cpu_train_img_per_s = Math.round((await benchTfjsCpuTrain()) * 10) / 10;

if (!skip.has('data')) {
  const data = await benchData();
  figures.data_first_load_s = Math.round(data.firstLoadSeconds * 100) / 100;
  figures.data_cached_load_s = Math.round(data.cachedLoadSeconds * 1000) / 1000;
  log('');
  for (const line of formatDataBench(data)) log(line);
}
if (!skip.has('mobilenet')) {
  const rows = await benchMobilenet(cpu.threads);
  for (const r of rows) {
    const key = `mobilenet_b${r.batch}`;
    figures[`${key}_engine_cpu_ms`] = r.engine_cpu_ms;
    figures[`${key}_ort_node_ms`] = r.ort_node_ms;
    figures[`${key}_ort_web_ms`] = r.ort_web_ms;
    // Speed relative to the peer (its time over ours): above 1, engine-cpu is faster.
    figures[`${key}_speed_vs_ort_node`] = Math.round((r.ort_node_ms / r.engine_cpu_ms) * 100) / 100;
    figures[`${key}_speed_vs_ort_web`] = Math.round((r.ort_web_ms / r.engine_cpu_ms) * 100) / 100;
  }
  log('');
  for (const line of formatMobilenetBench(rows, cpu.threads)) log(line);
}
if (!skip.has('webgl2')) Object.assign(figures, await benchWebgl2());
if (!skip.has('mobilenet-browser')) {
  // Issue #16: engine-webgl2 vs onnxruntime-web's wasm, WebGL and WebGPU EPs, one page, batch 1.
  const rows = await benchMobilenetBrowser(5);
  figures.mobilenet_browser_b1_ms = Object.fromEntries(rows.map((r) => [r.name, r.medianMs === null ? { skipped: r.error } : { median: Math.round(r.medianMs), best: Math.round(r.bestMs!) }]));
  log('\nMobileNetV2 batch 1 in Chromium, median of 5 alternating rounds');
  for (const line of formatBrowserBench(rows)) log(line);
}

const ratio = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? (a / b).toFixed(2) : 'n/a');
const medianOf = (runtime: string, threads: string): number | undefined => {
  const f = (figures.latency_b1_us as Record<string, Record<string, LatencyFigure>> | undefined)?.[runtime]?.[threads];
  return f && 'median' in f ? f.median : undefined;
};
const cold = figures.predict_cold_start_s as { ratio?: number } | undefined;
figures.ratios = {
  latency_vs_ort_node_1thread: Number(ratio(medianOf('engine-cpu', '1'), medianOf('ort-node', '1'))),
  latency_vs_ort_node_2threads: Number(ratio(medianOf('engine-cpu', '2'), medianOf('ort-node', '2'))),
  train_vs_torch: trainVsTorch === undefined ? null : Math.round(trainVsTorch * 100) / 100,
  infer_vs_torch: Number(ratio(figures.infer_img_per_s, figures.torch_infer_img_per_s)),
  cold_start_vs_ort_node_script: cold?.ratio ?? null,
  infer_vs_ort_node: Number(ratio(figures.infer_img_per_s, figures.ort_node_infer_img_per_s)),
  per_cpu_train_vs_torch: Number(ratio(perCpu.engine_train, perCpu.torch_1thread_train)),
  per_cpu_infer_vs_torch: Number(ratio(perCpu.engine_infer, perCpu.torch_1thread_infer)),
  per_cpu_infer_vs_ort_node: Number(ratio(perCpu.engine_infer, perCpu.ort_node_1thread_infer)),
  infer_vs_ort_web: Number(ratio(figures.infer_img_per_s, figures.ort_web_infer_img_per_s)),
  train_vs_tfjs_cpu: Number(ratio(figures.train_img_per_s, figures.tfjs_cpu_train_img_per_s)),
  webgl2_vs_tfjs_webgl: Number(ratio(figures.webgl2_train_img_per_s, figures.tfjs_webgl_train_img_per_s)),
};

if (json) {
  console.log(JSON.stringify(figures));
} else {
  const rows: [string, unknown, string][] = [
    ['engine-cpu train (batch 64)', figures.train_img_per_s, `${trainVsTorch?.toFixed(2) ?? 'n/a'}x PyTorch (target 1.5x; median of the pairs ${JSON.stringify(figures.train_vs_torch_pairs ?? [])}), ${ratio(figures.train_img_per_s, figures.tfjs_cpu_train_img_per_s)}x TF.js cpu`],
    [`PyTorch ${figures.torch_version ?? ''} train (batch 64), ${cpu.threads} threads`, figures.torch_train_img_per_s ?? `skipped: ${String(figures.torch_skipped)}`, 'peer'],
    ['TF.js cpu train (batch 64)', figures.tfjs_cpu_train_img_per_s, 'peer'],
    ['engine-cpu forward (batch 256)', figures.infer_img_per_s, `${ratio(figures.infer_img_per_s, figures.ort_node_infer_img_per_s)}x ort-node (target 0.8x), ${ratio(figures.infer_img_per_s, figures.torch_infer_img_per_s)}x PyTorch (target 1.5x), ${ratio(figures.infer_img_per_s, figures.ort_web_infer_img_per_s)}x ort-web`],
    [`PyTorch forward (batch 256), ${cpu.threads} threads`, figures.torch_infer_img_per_s, 'peer'],
    [`onnxruntime-node forward, ${cpu.threads} threads`, figures.ort_node_infer_img_per_s, 'peer'],
    ['onnxruntime-node forward, 1 thread', figures.ort_node_1thread_infer_img_per_s, 'peer'],
    [`onnxruntime-web wasm forward, ${cpu.threads} threads`, figures.ort_web_infer_img_per_s, 'peer'],
    ['engine-webgl2 train (batch 64)', figures.webgl2_train_img_per_s, `${ratio(figures.webgl2_train_img_per_s, figures.tfjs_webgl_train_img_per_s)}x TF.js webgl`],
    ['TF.js webgl train (batch 64)', figures.tfjs_webgl_train_img_per_s, 'peer'],
  ];
  console.log('\n| what | img/s | vs |\n|---|---:|---|');
  for (const [what, v, note] of rows) if (v !== undefined) console.log(`| ${what} | ${typeof v === 'number' ? v.toLocaleString('en-US') : v} | ${note} |`);
  if (figures.latency_b1_us) {
    console.log('\n| one image, latency | threads | median µs | p99 µs |\n|---|---:|---:|---:|');
    for (const [name, byThreads] of Object.entries(figures.latency_b1_us as Record<string, Record<string, LatencyFigure>>))
      for (const [t, f] of Object.entries(byThreads))
        console.log(`| ${name} | ${t} | ${'median' in f ? f.median : 'skipped'} | ${'p99' in f ? f.p99 : f.skipped} |`);
    for (const t of ['1', '2']) console.log(`engine-cpu vs ort-node, ${t} thread(s): ${ratio(medianOf('engine-cpu', t), medianOf('ort-node', t))}x the latency (target <= 1)`);
  }
  console.log(`\nper CPU-second (robust to load): engine train ${perCpu.engine_train} img (${ratio(perCpu.engine_train, perCpu.torch_1thread_train)}x PyTorch on 1 thread), forward ${perCpu.engine_infer} img (${ratio(perCpu.engine_infer, perCpu.ort_node_1thread_infer)}x ort-node, ${ratio(perCpu.engine_infer, perCpu.torch_1thread_infer)}x PyTorch, both on 1 thread)`);
  const c = figures.predict_cold_start_s as { engine?: number; ort_node_script?: number; ratio?: number; skipped?: string } | undefined;
  if (c) console.log(c.skipped ? `\ncold start: skipped (${c.skipped})` : `\ncold start, predict one photo, whole process: engine ${c.engine} s, onnxruntime-node + sharp script ${c.ort_node_script} s, ratio ${c.ratio} (target <= 1.2)`);
  if (figures.first_step_ms !== undefined)
    console.log(`\nwebgl2: first step ${figures.first_step_ms} ms (shader compilation), steady step ${figures.step_ms} ms`);
}
process.exit(0);

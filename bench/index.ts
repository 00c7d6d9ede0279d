/**
 * `npm run bench [-- --json] [-- --skip webgl2,tfjs,data]`: every speed figure the
 * issues ask for, with the peers measured in the same run (the machine is shared and
 * noisy, so ratios within one run are what to compare). Medians after warm-ups.
 */
import { createLenetSpec } from '../src/graph/models/lenet.js';
import { writeOnnx } from '../src/export/index.js';
import { benchCpu, formatCpuBench } from './cpu-kernels.js';
import { benchData, formatDataBench } from './data.js';
import { benchOrtNode, benchOrtWeb } from './peer-ort.js';
import { benchTfjsCpuTrain } from './peer-tfjs-cpu.js';
import { benchWebgl2 } from './webgl2.js';

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
const cpu = await benchCpu();
figures.train_img_per_s = round(cpu.train_img_per_s);
figures.infer_img_per_s = round(cpu.infer_img_per_s);
figures.threads = cpu.threads;
figures.per_op_ms = cpu.per_op;
for (const line of formatCpuBench(cpu)) log(line);

const model = writeOnnx(createLenetSpec('lenet5', 0));
figures.ort_node_infer_img_per_s = round(await benchOrtNode(model, cpu.threads));
figures.ort_node_1thread_infer_img_per_s = round(await benchOrtNode(model, 1));
figures.ort_web_infer_img_per_s = round(await benchOrtWeb(model, cpu.threads));
if (!skip.has('tfjs')) figures.tfjs_cpu_train_img_per_s = Math.round((await benchTfjsCpuTrain()) * 10) / 10;

if (!skip.has('data')) {
  const data = await benchData();
  figures.data_first_load_s = Math.round(data.firstLoadSeconds * 100) / 100;
  figures.data_cached_load_s = Math.round(data.cachedLoadSeconds * 1000) / 1000;
  log('');
  for (const line of formatDataBench(data)) log(line);
}
if (!skip.has('webgl2')) Object.assign(figures, await benchWebgl2());

const ratio = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? (a / b).toFixed(2) : 'n/a');
figures.ratios = {
  infer_vs_ort_node: Number(ratio(figures.infer_img_per_s, figures.ort_node_infer_img_per_s)),
  infer_vs_ort_web: Number(ratio(figures.infer_img_per_s, figures.ort_web_infer_img_per_s)),
  train_vs_tfjs_cpu: Number(ratio(figures.train_img_per_s, figures.tfjs_cpu_train_img_per_s)),
  webgl2_vs_tfjs_webgl: Number(ratio(figures.webgl2_train_img_per_s, figures.tfjs_webgl_train_img_per_s)),
};

if (json) {
  console.log(JSON.stringify(figures));
} else {
  const rows: [string, unknown, string][] = [
    ['engine-cpu train (batch 64)', figures.train_img_per_s, `target >= 2,000; ${ratio(figures.train_img_per_s, figures.tfjs_cpu_train_img_per_s)}x TF.js cpu`],
    ['TF.js cpu train (batch 64)', figures.tfjs_cpu_train_img_per_s, 'peer'],
    ['engine-cpu forward (batch 256)', figures.infer_img_per_s, `${ratio(figures.infer_img_per_s, figures.ort_node_infer_img_per_s)}x ort-node, ${ratio(figures.infer_img_per_s, figures.ort_web_infer_img_per_s)}x ort-web`],
    [`onnxruntime-node forward, ${cpu.threads} threads`, figures.ort_node_infer_img_per_s, 'peer'],
    ['onnxruntime-node forward, 1 thread', figures.ort_node_1thread_infer_img_per_s, 'peer'],
    [`onnxruntime-web wasm forward, ${cpu.threads} threads`, figures.ort_web_infer_img_per_s, 'peer'],
    ['engine-webgl2 train (batch 64)', figures.webgl2_train_img_per_s, `${ratio(figures.webgl2_train_img_per_s, figures.tfjs_webgl_train_img_per_s)}x TF.js webgl`],
    ['TF.js webgl train (batch 64)', figures.tfjs_webgl_train_img_per_s, 'peer'],
  ];
  console.log('\n| what | img/s | vs |\n|---|---:|---|');
  for (const [what, v, note] of rows) if (v !== undefined) console.log(`| ${what} | ${typeof v === 'number' ? v.toLocaleString('en-US') : v} | ${note} |`);
  if (figures.first_step_ms !== undefined)
    console.log(`\nwebgl2: first step ${figures.first_step_ms} ms (shader compilation), steady step ${figures.step_ms} ms`);
}
process.exit(0);

/**
 * Cold start of one prediction, whole process, wall clock: `predict models/lenet.onnx
 * <photo>` from the built package (dist/: run `npm run build` first) against
 * bench/cold-start-ort.mjs, ten lines of onnxruntime-node + sharp doing the same.
 * The two alternate, `runs` times each; medians.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

const root = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));
export const COLD_START_PHOTO = root('test/fixtures/pillow/images/photo-baseline.jpg');

export type ColdStartResult = { engine: number; ort_node_script: number; ratio: number } | { skipped: string };

function wallSeconds(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`cold-start bench: node ${args.join(' ')} failed: ${r.stderr.trim().split('\n').pop()}`);
  return s;
}

export function benchColdStart(runs = 5): ColdStartResult {
  const predict = root('dist/bin/predict.js');
  if (!existsSync(predict)) return { skipped: 'dist/bin/predict.js missing: run `npm run build`' };
  const model = root('models/lenet.onnx');
  const engine: number[] = [], ort: number[] = [];
  // One untimed run each: the first start reads the files from disk.
  wallSeconds([predict, model, COLD_START_PHOTO]);
  wallSeconds([root('bench/cold-start-ort.mjs'), model, COLD_START_PHOTO]);
  for (let i = 0; i < runs; i++) {
    engine.push(wallSeconds([predict, model, COLD_START_PHOTO]));
    ort.push(wallSeconds([root('bench/cold-start-ort.mjs'), model, COLD_START_PHOTO]));
  }
  const e = median(engine), o = median(ort);
  return { engine: Math.round(e * 1000) / 1000, ort_node_script: Math.round(o * 1000) / 1000, ratio: Math.round((e / o) * 100) / 100 };
}

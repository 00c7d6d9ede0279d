/**
 * WebGL2 training benchmark: LeNet5 at batch 64 in headless Chromium (SwiftShader
 * here), our WebGL2 backend against TensorFlow.js's webgl backend in the same
 * page, alternating in rounds (median round each). Run alone with
 * `node --import tsx bench/webgl2.ts`.
 */
import { fileURLToPath } from 'node:url';
import { openPage } from '../test/browser/harness.js';
import type { BenchOptions, Timing } from './pages/webgl2-bench.page.js';

export interface Webgl2BenchResult {
  webgl2_train_img_per_s: number;
  tfjs_webgl_train_img_per_s: number;
  /** First training step on our backend, shader compilation included. */
  first_step_ms: number;
  /** Steady-state step time on our backend. */
  step_ms: number;
  tfjs_first_step_ms: number;
  tfjs_step_ms: number;
  /** What rendered: SwiftShader here, a GPU name with CHROMIUM_USE_GPU=1 on a GPU machine. */
  webgl2_renderer: string;
}

export async function benchWebgl2(o: Partial<BenchOptions> = {}): Promise<Webgl2BenchResult> {
  const options: BenchOptions = { batch: 64, stepsPerRound: 10, rounds: 3, readEvery: 10, ...o };
  const session = await openPage({ entry: fileURLToPath(new URL('./pages/webgl2-bench.page.ts', import.meta.url)) });
  try {
    const { ours, tfjs, renderer } = await session.call<{ ours: Timing; tfjs: Timing; renderer: string }>('benchBoth', options);
    if (!Number.isFinite(ours.finalLoss) || !Number.isFinite(tfjs.finalLoss))
      throw new Error(`webgl2 bench: training produced a non-finite loss (ours ${ours.finalLoss}, tfjs ${tfjs.finalLoss})`);
    return {
      webgl2_train_img_per_s: round(ours.imagesPerSecond),
      tfjs_webgl_train_img_per_s: round(tfjs.imagesPerSecond),
      first_step_ms: round(ours.firstStepMs),
      step_ms: round(ours.stepMs),
      tfjs_first_step_ms: round(tfjs.firstStepMs),
      tfjs_step_ms: round(tfjs.stepMs),
      webgl2_renderer: renderer,
    };
  } finally {
    await session.close();
  }
}

const round = (x: number): number => Math.round(x * 10) / 10;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await benchWebgl2();
  console.log(JSON.stringify(result, null, 2));
}

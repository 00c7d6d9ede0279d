/**
 * One-image latency, the way an app calls a model: `session.run` on one preprocessed
 * image through each Node runtime adapter (engine-cpu, ort-node, ort-web-node), with
 * the median and p99 of `calls` calls per runtime after a warm-up.
 *
 * One child process per thread count (onnxruntime-web fixes its thread count once per
 * process), so no runtime inherits another's worker threads. Inside it the runtimes
 * take turns in blocks of 50 calls: a noisy neighbour slows them alike, and the ratios
 * mean something on a shared machine.
 *
 *   node --import tsx bench/latency.ts [--threads 1,2] [--calls 2000]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { engineCpuRuntime } from '../src/runtime/adapters/engine-cpu.js';
import { ortNodeRuntime } from '../src/runtime/adapters/ort-node.js';
import { ortWebNodeRuntime } from '../src/runtime/adapters/ort-web-node.js';
import { loadModelUnderTest } from '../src/runtime/model-under-test.js';
import { createRuntimeContext } from '../src/runtime/runtime-context.js';
import type { RuntimeSession } from '../src/runtime/runtime.js';

export const LENET_ONNX = fileURLToPath(new URL('../models/lenet.onnx', import.meta.url));

export type LatencyFigure = { median: number; p99: number } | { skipped: string };
/** runtime → thread count → figure (µs). */
export type LatencyTable = Record<string, Record<string, LatencyFigure>>;

const RUNTIMES = [engineCpuRuntime, ortNodeRuntime, ortWebNodeRuntime];
const WARMUP_CALLS = 300;
const BLOCK = 50;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** In the child: every runtime at `threads`, calls interleaved by blocks; µs. */
async function measure(threads: number, calls: number): Promise<Record<string, LatencyFigure>> {
  const model = await loadModelUnderTest(LENET_ONNX);
  const context = createRuntimeContext({ threads });
  const sessions: [string, RuntimeSession][] = [];
  const out: Record<string, LatencyFigure> = {};
  for (const runtime of RUNTIMES) {
    const opened = await runtime.open(model, context);
    if (opened.available) sessions.push([runtime.name, opened.session]);
    else out[runtime.name] = { skipped: opened.reason };
  }
  const x = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => ((i * 2654435761) % 1000) / 1000);
  const feeds = new Map([[model.io.inputs[0]!.name, { type: 'float32' as const, dims: [1, 3, 32, 32], data: x }]]);
  const fetches = [model.io.compared.name];
  // Let worker threads start: a latency figure is for a warm session.
  await new Promise((r) => setTimeout(r, 200));
  for (const [, s] of sessions) for (let i = 0; i < WARMUP_CALLS; i++) await s.run(feeds, fetches);
  const times = sessions.map(() => [] as number[]);
  for (let done = 0; done < calls; done += BLOCK)
    for (let j = 0; j < sessions.length; j++) {
      const s = sessions[j]![1];
      for (let i = 0; i < BLOCK; i++) {
        const t = process.hrtime.bigint();
        await s.run(feeds, fetches);
        times[j]!.push(Number(process.hrtime.bigint() - t) / 1000);
      }
    }
  sessions.forEach(([name], j) => {
    const sorted = times[j]!.sort((a, b) => a - b);
    out[name] = { median: Math.round(quantile(sorted, 0.5) * 10) / 10, p99: Math.round(quantile(sorted, 0.99) * 10) / 10 };
  });
  for (const [, s] of sessions) await s.close();
  await context.closeShared();
  return out;
}

function runChild(threads: number, calls: number): Promise<Record<string, LatencyFigure>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(threads), String(calls)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`latency bench child (${threads} threads) exited with ${code}`));
      resolve(JSON.parse(text.trim().split('\n').pop()!) as Record<string, LatencyFigure>);
    });
  });
}

export async function benchLatency(threadCounts: readonly number[] = [1, 2], calls = 2000): Promise<LatencyTable> {
  const table: LatencyTable = {};
  for (const t of threadCounts) {
    const figures = await runChild(t, calls);
    for (const [name, f] of Object.entries(figures)) (table[name] ??= {})[String(t)] = f;
  }
  return table;
}

export function formatLatency(table: LatencyTable): string[] {
  const lines = ['one image, latency (µs), median / p99:'];
  for (const [name, byThreads] of Object.entries(table))
    for (const [t, f] of Object.entries(byThreads))
      lines.push(`  ${name.padEnd(14)} ${t} thread${t === '1' ? ' ' : 's'}  ${'skipped' in f ? `skipped: ${f.skipped}` : `${f.median.toFixed(1).padStart(7)} / ${f.p99.toFixed(1)}`}`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) {
    console.log(JSON.stringify(await measure(Number(process.argv[i + 1]), Number(process.argv[i + 2]))));
    process.exit(0);
  }
  const arg = (name: string) => {
    const k = process.argv.indexOf(name);
    return k >= 0 ? process.argv[k + 1] : undefined;
  };
  const threads = (arg('--threads') ?? '1,2').split(',').map(Number);
  for (const line of formatLatency(await benchLatency(threads, Number(arg('--calls') ?? 2000)))) console.log(line);
  process.exit(0);
}

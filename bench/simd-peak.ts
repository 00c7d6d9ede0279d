/**
 * Peak WebAssembly SIMD arithmetic of one core of this machine, measured (not
 * nominal): assembly/simd-peak compiled with relaxed SIMD and timed on CPU time, so a
 * busy machine does not lower it. The per-op table divides each kernel's GFLOP/s by it.
 */
import asc from 'assemblyscript/asc';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

export interface SimdPeak {
  /** GFLOP/s of one core: multiply then add, and fused multiply-add (null without relaxed SIMD). */
  mulAdd: number;
  fused: number | null;
}

export async function measureSimdPeak(): Promise<SimdPeak> {
  const out = join(tmpdir(), `lenet-simd-peak-${process.pid}.wasm`);
  const source = fileURLToPath(new URL('../assembly/simd-peak/index.ts', import.meta.url));
  const { error, stderr } = await asc.main([source, '-o', out, '--optimizeLevel', '3', '--runtime', 'stub', '--use', 'abort=',
    '--enable', 'simd', '--enable', 'relaxed-simd']);
  if (error) throw new Error(`simd peak: ${stderr.toString()}`);
  const bytes = await readFile(out);
  await rm(out, { force: true });
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  if (!WebAssembly.validate(bytes)) return { mulAdd: 0, fused: null };
  const e = (await WebAssembly.instantiate(bytes, {})).instance.exports as Record<string, (iters: number, m: number, a: number) => number>;
  const gflops = (fn: (iters: number, m: number, a: number) => number): number => {
    const iters = 2_000_000;
    let best = 0;
    // Short calls first: V8 optimises a function between calls, never inside a running one.
    for (let i = 0; i < 20; i++) fn(10_000, 0.999, 0.001);
    for (let run = 0; run < 5; run++) {
      const c = process.cpuUsage();
      fn(iters, 0.999, 0.001);
      const d = process.cpuUsage(c);
      best = Math.max(best, (iters * 12 * 8) / ((d.user + d.system) * 1e3));
    }
    return best;
  };
  return { mulAdd: gflops(e.mulAdd!), fused: gflops(e.fused!) };
}

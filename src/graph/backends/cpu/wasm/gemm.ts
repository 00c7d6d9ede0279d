/**
 * Matrix products on the WebAssembly kernels: packed 4×(4+4) register tiles, chunks of
 * row panels claimed by the threads (each packs its own copy of op(B), small for this
 * workload). Small products run on the calling thread only: waking a worker costs more
 * than they take.
 */
import type { GemmGeometry, UnaryOp } from '../../../backend.js';
import { gemmJs } from '../js/gemm.js';
import { Arena } from '../memory/arena.js';
import type { CpuStorage } from '../memory/storage.js';
import type { ThreadPool } from '../workers/thread-pool.js';
import { EPI_COL_BIAS, activationFlag } from './exports.js';
import { unaryJs } from '../js/elementwise.js';

const MR = 4;
const NR = 8;
const KC = 512;
/** Below this many multiply-adds a product runs on one thread. */
const PARALLEL_MIN_MACS = 200_000;

export class WasmGemm {
  constructor(
    private readonly pool: ThreadPool,
    private readonly arena: Arena,
    /** Fused multiply-add (the relaxed-SIMD build). */
    private readonly fused: boolean,
  ) {}

  run(a: CpuStorage, b: CpuStorage, bias: CpuStorage | null, c: CpuStorage, g: GemmGeometry, act: UnaryOp | null): void {
    const { m, n, k } = g;
    if (k === 0 || m === 0 || n === 0) {
      gemmJs(a.data, b.data, bias?.data ?? null, c.data, g);
      if (act) unaryJs(act, c.data, c.data);
      return;
    }
    const parallel = m * n * k >= PARALLEL_MIN_MACS && m >= 2 * MR;
    const nt = this.pool.threads;
    const panels = Math.ceil(m / MR);
    // Chunks of row panels: two per thread, so a late thread can be made up for.
    const chunk = parallel ? Math.ceil(panels / (2 * nt)) : panels;
    const kc = Math.min(k, KC);
    const stride = 256 + kc * 4 + kc * Math.ceil(n / NR) * NR * 4 + chunk * MR * kc * 4 + 64;
    this.arena.begin(Arena.total(stride * nt));
    const scratch = this.arena.take(stride * nt);
    const flags = (bias ? EPI_COL_BIAS : 0) | activationFlag(act);
    const args = [chunk, a.ptr, b.ptr, bias ? bias.ptr : 0, c.ptr, scratch, stride, m, n, k, g.transA ? 1 : 0, g.transB ? 1 : 0,
      g.alpha, g.beta, flags, this.fused ? 1 : 0];
    this.pool.run('gemm', args, parallel);
  }
}

/**
 * The compute kernels behind the CPU backend, writing into preallocated outputs. Two
 * implementations: `js/` (plain TypeScript, the fallback and the readable reference
 * for the fast path) and `wasm/` (WebAssembly SIMD, multi-threaded). The backend object
 * (backend.ts) allocates outputs from the pool and calls one of them.
 */
import type { AdamOptions, Conv2dGeometry, ForwardPlan, ForwardStep, GemmGeometry, Pool2dGeometry, SgdOptions, UnaryOp } from '../../backend.js';
import type { CpuStorage } from './memory/storage.js';

export interface CpuKernels {
  readonly kind: 'wasm' | 'js';
  readonly threads: number;
  /** Rounding of the multiply-adds, e.g. `fused multiply-add` (see Backend.arithmetic). */
  readonly arithmetic: string;
  conv2d(x: CpuStorage, w: CpuStorage, b: CpuStorage | null, y: CpuStorage, g: Conv2dGeometry, activation: UnaryOp | null): void;
  /** Convolution, max pooling, then bias and activation on the pooled values (Backend.conv2dMaxPool); WebAssembly only. */
  conv2dMaxPool?(x: CpuStorage, w: CpuStorage, b: CpuStorage | null, y: CpuStorage, argmax: CpuStorage, g: Conv2dGeometry,
    pool: Pool2dGeometry, activation: UnaryOp | null): void;
  conv2dBackwardInput(dy: CpuStorage, w: CpuStorage, dx: CpuStorage, g: Conv2dGeometry): void;
  conv2dBackwardWeight(dy: CpuStorage, x: CpuStorage, dw: CpuStorage, g: Conv2dGeometry): void;
  conv2dBackwardBias(dy: CpuStorage, db: CpuStorage, g: Conv2dGeometry): void;
  maxPool2d(x: CpuStorage, y: CpuStorage, argmax: CpuStorage, g: Pool2dGeometry): void;
  maxPool2dBackward(dy: CpuStorage, argmax: CpuStorage, dx: CpuStorage, g: Pool2dGeometry): void;
  unary(op: UnaryOp, x: CpuStorage, y: CpuStorage): void;
  unaryBackward(op: UnaryOp, y: CpuStorage, dy: CpuStorage, dx: CpuStorage): void;
  gemm(a: CpuStorage, b: CpuStorage, bias: CpuStorage | null, c: CpuStorage, g: GemmGeometry, activation: UnaryOp | null): void;
  sumRows(x: CpuStorage, out: CpuStorage, rows: number, cols: number): void;
  sgdStep(param: CpuStorage, grad: CpuStorage, velocity: CpuStorage, o: SgdOptions): void;
  adamStep(param: CpuStorage, grad: CpuStorage, m: CpuStorage, v: CpuStorage, o: AdamOptions): void;
  /** A compiled inference pass (WebAssembly only; steps' storages already checked). */
  compileForward?(steps: readonly ForwardStep[], inputSize: number): ForwardPlan;
  /** Frees threads and scratch memory. */
  destroy(): void;
}

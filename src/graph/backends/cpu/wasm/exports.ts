/**
 * The kernels exported by the WebAssembly module (sources: assembly/cpu-kernels).
 * Pointers are byte offsets into the heap; booleans are 0/1. Kernels that take
 * (tid, nt, counter, chunk) first run on the thread pool: every participating thread
 * claims chunks of `chunk` items from the shared counter (thread-pool.ts).
 */
export interface KernelExports {
  gemm(tid: number, nt: number, counter: number, chunk: number, a: number, b: number, bias: number, c: number, scratch: number, scratchStride: number,
    m: number, n: number, k: number, transA: number, transB: number, alpha: number, beta: number, flags: number, fused: number): void;
  convForward(tid: number, nt: number, counter: number, chunk: number, x: number, y: number, scratch: number, scratchStride: number,
    apack: number, boff: number, bias: number, n: number, c: number, h: number, w: number, o: number, kh: number, kw: number,
    sh: number, sw: number, pt: number, pl: number, pb: number, pr: number, oh: number, ow: number, mr: number, flags: number, fused: number): void;
  convPoolForward(tid: number, nt: number, counter: number, chunk: number, x: number, y: number, arg: number, scratch: number,
    scratchStride: number, convScratchFloats: number, apack: number, boff: number, bias: number, n: number, c: number, h: number,
    w: number, o: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, pb: number, pr: number,
    oh: number, ow: number, mr: number, flags: number, fused: number, pkh: number, pkw: number, psh: number, psw: number,
    ppt: number, ppl: number, poh: number, pow: number): void;
  convBackwardInput(tid: number, nt: number, counter: number, chunk: number, dy: number, wpack: number, dx: number,
    scratch: number, scratchStride: number, n: number, c: number, h: number, w: number, o: number, kh: number, kw: number,
    pt: number, pl: number, oh: number, ow: number, fused: number): void;
  backwardInputPackFloats(o: number, c: number, kh: number, kw: number): number;
  packBackwardInputWeights(dst: number, w: number, o: number, c: number, kh: number, kw: number): void;
  /** Per-thread scratch of convBackwardInput in floats (after its 256-byte header). */
  backwardInputScratch(c: number, h: number, o: number, kw: number, oh: number, ow: number): number;
  convBackwardWeight(tid: number, nt: number, counter: number, chunk: number, x: number, dy: number, partials: number,
    toff: number, scratch: number, scratchStride: number, n: number, c: number, h: number, w: number, o: number, kh: number,
    kw: number, sh: number, sw: number, pt: number, pl: number, oh: number, ow: number, fused: number): void;
  convBackwardWeightDirect(tid: number, nt: number, counter: number, chunk: number, x: number, dy: number, partials: number, toff: number,
    scratch: number, scratchStride: number, n: number, c: number, h: number, w: number, o: number, kh: number, kw: number,
    pt: number, pl: number, pb: number, pr: number, oh: number, ow: number, group: number, fused: number): void;
  /** Bytes of the weight gradients' per-thread accumulators (convBackwardWeight, convBackwardWeightDirect). */
  weightBlockAccBytes(o: number, k: number): number;
  convBiasGrad(dy: number, db: number, n: number, o: number, plane: number): void;
  runPlan(tid: number, nt: number, counter: number, chunk: number, plan: number, n: number, x: number, y: number, scratch: number,
    scratchStride: number, fused: number): void;
  convImageScratch(c: number, h: number, w: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number,
    pb: number, pr: number, oh: number, ow: number): number;
  packB(dst: number, b: number, ldb: number, trans: number, j0: number, cols: number, p0: number, kc: number, nr: number): void;
  initMathTable(): void;
  /** The graph executor's convolutions (assembly/cpu-kernels/nn-*.ts): geometry in a descriptor at `desc`. */
  nnConv(tid: number, nt: number, counter: number, chunk: number, desc: number): void;
  nnDepthwise(tid: number, nt: number, counter: number, chunk: number, desc: number): void;
  packA(dst: number, a: number, lda: number, trans: number, i0: number, rows: number, p0: number, kc: number, mr: number): void;
  convOffsets(boff: number, c: number, h: number, w: number, kh: number, kw: number): void;
  shiftedOffsets(boff: number, c: number, hs: number, kh: number, kw: number, ow: number): void;
  strideOffsets(boff: number, k: number, strideBytes: number): void;
  maxPoolForward(tid: number, nt: number, counter: number, chunk: number, x: number, y: number, arg: number, planes: number, h: number, w: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number, oh: number, ow: number): void;
  maxPoolBackward(tid: number, nt: number, counter: number, chunk: number, dy: number, arg: number, dx: number, planes: number, inPlane: number, outPlane: number): void;
  unaryForward(tid: number, nt: number, counter: number, chunk: number, op: number, x: number, y: number, len: number): void;
  unaryBackward(tid: number, nt: number, counter: number, chunk: number, op: number, y: number, dy: number, dx: number, len: number): void;
  addInto(dst: number, src: number, len: number): void;
  sumPartials(dst: number, partials: number, count: number, size: number): void;
  sumRows(x: number, out: number, rows: number, cols: number): void;
  sgdStep(p: number, g: number, v: number, len: number, lr: number, momentum: number, weightDecay: number,
    oneMinusDampening: number, nesterov: number): void;
  adamStep(p: number, g: number, m: number, v: number, len: number, lr: number, beta1: number, oneMinusBeta1: number,
    beta2: number, oneMinusBeta2: number, eps: number, weightDecay: number, decoupled: number, decay: number,
    c1: number, c2: number): void;
}

/** Kernels run through the thread pool, by index (the workers look them up by name). */
export const PARALLEL_KERNELS = [
  'gemm',
  'convForward',
  'convPoolForward',
  'convBackwardInput',
  'convBackwardWeight',
  'convBackwardWeightDirect',
  'maxPoolForward',
  'maxPoolBackward',
  'unaryForward',
  'unaryBackward',
  'runPlan',
  'nnConv',
  'nnDepthwise',
] as const satisfies readonly (keyof KernelExports)[];

export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/** Epilogue flags of the micro-kernels (assembly/cpu-kernels/microkernel.ts). */
export const EPI_ROW_BIAS = 1;
export const EPI_COL_BIAS = 2;
export const EPI_ACCUMULATE = 4;
export const EPI_RELU = 8;
export const EPI_SIGMOID = 16;

/** Operation codes of unaryForward/unaryBackward. */
export const UNARY_CODE = { sigmoid: 0, relu: 1 } as const;

/** Epilogue flag for an optional fused activation. */
export function activationFlag(act: 'sigmoid' | 'relu' | null): number {
  return act === 'sigmoid' ? EPI_SIGMOID : act === 'relu' ? EPI_RELU : 0;
}

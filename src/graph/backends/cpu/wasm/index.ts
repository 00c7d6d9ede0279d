/** The WebAssembly SIMD kernels, multi-threaded over the shared heap. */
import type { CpuKernels } from '../kernels.js';
import { Arena } from '../memory/arena.js';
import { WasmConv2d } from './conv2d.js';
import type { WasmDevice } from './device.js';
import { UNARY_CODE } from './exports.js';
import { WasmForwardPlan } from './forward-plan.js';
import { WasmGemm } from './gemm.js';

/** Element-wise work below this many floats stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 32_768;

/** Chunks per thread: enough for a late or slow thread to be compensated. */
const CHUNKS_PER_THREAD = 8;

export function createWasmKernels(device: WasmDevice, threads: number): CpuKernels {
  const k = device.kernels;
  const pool = device.pool(threads);
  const arena = new Arena(device.heap);
  const gemm = new WasmGemm(pool, arena, device.relaxed);
  const conv = new WasmConv2d(k, pool, arena, gemm, device.relaxed);
  const nt = pool.threads;
  const chunkOf = (items: number, multiple = 1) =>
    Math.max(multiple, Math.ceil(items / (nt * CHUNKS_PER_THREAD) / multiple) * multiple);
  return {
    kind: 'wasm',
    arithmetic: device.relaxed ? 'fused multiply-add (relaxed SIMD)' : 'multiply then add (plain SIMD)',
    threads: pool.threads,
    conv2d: (x, w, b, y, g, act) => conv.forward(x, w, b, y, g, act),
    conv2dMaxPool: (x, w, b, y, argmax, g, p, act) => conv.forwardPooled(x, w, b, y, argmax, g, p, act),
    conv2dBackwardInput: (dy, w, dx, g) => conv.backwardInput(dy, w, dx, g),
    conv2dBackwardWeight: (dy, x, dw, g) => conv.backwardWeight(dy, x, dw, g),
    conv2dBackwardBias: (dy, db, g) => conv.backwardBias(dy, db, g),
    maxPool2d(x, y, argmax, g) {
      const planes = g.batch * g.channels;
      pool.run('maxPoolForward', [chunkOf(planes), x.ptr, y.ptr, argmax.ptr, planes, g.inHeight, g.inWidth, g.kernelHeight, g.kernelWidth,
        g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.outHeight, g.outWidth], x.size >= PARALLEL_MIN_ELEMENTS);
    },
    maxPool2dBackward(dy, argmax, dx, g) {
      const planes = g.batch * g.channels;
      pool.run('maxPoolBackward', [chunkOf(planes), dy.ptr, argmax.ptr, dx.ptr, planes, g.inHeight * g.inWidth, g.outHeight * g.outWidth],
        dx.size >= PARALLEL_MIN_ELEMENTS);
    },
    unary(op, x, y) {
      pool.run('unaryForward', [chunkOf(x.size, 4096), UNARY_CODE[op], x.ptr, y.ptr, x.size], x.size >= PARALLEL_MIN_ELEMENTS);
    },
    unaryBackward(op, y, dy, dx) {
      pool.run('unaryBackward', [chunkOf(y.size, 4096), UNARY_CODE[op], y.ptr, dy.ptr, dx.ptr, y.size], y.size >= PARALLEL_MIN_ELEMENTS);
    },
    gemm: (a, b, bias, c, g, act) => gemm.run(a, b, bias, c, g, act),
    sumRows: (x, out, rows, cols) => k.sumRows(x.ptr, out.ptr, rows, cols),
    sgdStep: (p, g, v, o) =>
      k.sgdStep(p.ptr, g.ptr, v.ptr, p.size, o.lr, o.momentum, o.weightDecay, 1 - o.dampening, o.nesterov ? 1 : 0),
    adamStep: (p, g, m, v, o) =>
      k.adamStep(p.ptr, g.ptr, m.ptr, v.ptr, p.size, o.lr, o.beta1, 1 - o.beta1, o.beta2, 1 - o.beta2, o.eps, o.weightDecay,
        o.decoupled ? 1 : 0, 1 - o.lr * o.weightDecay, 1 - Math.pow(o.beta1, o.step), 1 - Math.pow(o.beta2, o.step)),
    compileForward: (steps, inputSize) => new WasmForwardPlan(device, pool, steps, inputSize),
    destroy() {},
  };
}

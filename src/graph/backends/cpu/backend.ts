/**
 * The CPU backend object: checks arguments, takes outputs from the buffer pool and
 * hands them to the kernels (WebAssembly or TypeScript, see kernels.ts).
 */
import { BackendError, type Backend, type Conv2dGeometry, type Pool2dGeometry, type Storage, type UnaryOp } from '../../backend.js';
import { checkConv, checkConvPool, checkGemm, checkMatrix, checkPool, checkSameSize } from './geometry.js';
import { crossEntropy, crossEntropyBackward, softmaxRows } from './host-ops.js';
import type { CpuKernels } from './kernels.js';
import type { Heap } from './memory/heap.js';
import { CpuStorage, cpuStorage } from './memory/storage.js';

export interface CpuBackend extends Backend {
  /** 'wasm' (SIMD, threaded) or 'js' (the TypeScript fallback). */
  readonly kernelKind: 'wasm' | 'js';
  /** Threads the kernels split work over (the calling thread included). */
  readonly threads: number;
  /** Resolves once the worker threads have started (kernels work before that, on fewer threads). */
  ready(): Promise<void>;
  /** Bytes the buffer pool has reserved from the system. */
  reservedBytes(): number;
}

/**
 * Outputs are allocated before any input's `.data` is taken: on a non-shared wasm
 * memory an allocation may grow the memory, which detaches views made earlier.
 */
export function buildCpuBackend(heap: Heap, kernels: CpuKernels, ready: () => Promise<void>): CpuBackend {
  let live = 0;
  const owner = {};
  const alloc = (size: number): CpuStorage => {
    live++;
    return new CpuStorage(heap, heap.alloc(size), size, owner);
  };
  const s = (st: Storage, op: string): CpuStorage => cpuStorage(st, owner, op);
  // Only kernel sets that have it (WebAssembly) offer conv2dMaxPool; ops compose it elsewhere.
  const convMaxPool = kernels.conv2dMaxPool?.bind(kernels);

  const backend: CpuBackend = {
    name: `cpu-${kernels.kind}`,
    arithmetic: kernels.arithmetic,
    dtype: 'float32',
    kernelKind: kernels.kind,
    threads: kernels.threads,
    ready,
    reservedBytes: () => heap.reservedBytes(),

    upload(data) {
      const out = alloc(data.length);
      out.data.set(data);
      return out;
    },
    zeros(size) {
      if (!Number.isInteger(size) || size < 0) throw new BackendError(`zeros: size ${size} must be a non-negative integer`);
      const out = alloc(size);
      out.data.fill(0);
      return out;
    },
    read: async (st) => s(st, 'read').data.slice(),
    readSync: (st) => s(st, 'readSync').data.slice(),
    dispose(st) {
      if (!(st instanceof CpuStorage) || st.owner !== owner)
        throw new BackendError(`dispose: storage of size ${st.size} comes from another backend`);
      if (st.release()) live--;
    },
    liveCount: () => live,

    conv2d(x, w, b, g, activation) {
      checkConv('conv2d', g, { x, w, b });
      const y = alloc(g.batch * g.outChannels * g.outHeight * g.outWidth);
      kernels.conv2d(s(x, 'conv2d'), s(w, 'conv2d'), b ? s(b, 'conv2d') : null, y, g, activation ?? null);
      return y;
    },
    ...(convMaxPool && {
      conv2dMaxPool(x: Storage, w: Storage, b: Storage | null, g: Conv2dGeometry, pool: Pool2dGeometry, activation: UnaryOp | null) {
        checkConv('conv2dMaxPool', g, { x, w, b });
        checkConvPool('conv2dMaxPool', g, pool);
        const size = pool.batch * pool.channels * pool.outHeight * pool.outWidth;
        const y = alloc(size), argmax = alloc(size);
        convMaxPool(s(x, 'conv2dMaxPool'), s(w, 'conv2dMaxPool'), b ? s(b, 'conv2dMaxPool') : null, y, argmax, g, pool, activation);
        return { y, argmax };
      },
    }),
    conv2dBackwardInput(dy, w, g) {
      checkConv('conv2dBackwardInput', g, { dy, w });
      const dx = alloc(g.batch * g.inChannels * g.inHeight * g.inWidth);
      kernels.conv2dBackwardInput(s(dy, 'conv2dBackwardInput'), s(w, 'conv2dBackwardInput'), dx, g);
      return dx;
    },
    conv2dBackwardWeight(dy, x, g) {
      checkConv('conv2dBackwardWeight', g, { dy, x });
      const dw = alloc(g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth);
      kernels.conv2dBackwardWeight(s(dy, 'conv2dBackwardWeight'), s(x, 'conv2dBackwardWeight'), dw, g);
      return dw;
    },
    conv2dBackwardBias(dy, g) {
      checkConv('conv2dBackwardBias', g, { dy });
      const db = alloc(g.outChannels);
      kernels.conv2dBackwardBias(s(dy, 'conv2dBackwardBias'), db, g);
      return db;
    },

    maxPool2d(x, g) {
      checkPool('maxPool2d', g, { x });
      const size = g.batch * g.channels * g.outHeight * g.outWidth;
      const y = alloc(size), argmax = alloc(size);
      kernels.maxPool2d(s(x, 'maxPool2d'), y, argmax, g);
      return { y, argmax };
    },
    maxPool2dBackward(dy, argmax, g) {
      checkPool('maxPool2dBackward', g, { dy, argmax });
      const dx = alloc(g.batch * g.channels * g.inHeight * g.inWidth);
      kernels.maxPool2dBackward(s(dy, 'maxPool2dBackward'), s(argmax, 'maxPool2dBackward'), dx, g);
      return dx;
    },

    unary(op, x) {
      const y = alloc(x.size);
      kernels.unary(op, s(x, op), y);
      return y;
    },
    unaryBackward(op, y, dy) {
      checkSameSize(`${op} backward`, y, dy);
      const dx = alloc(y.size);
      kernels.unaryBackward(op, s(y, `${op} backward`), s(dy, `${op} backward`), dx);
      return dx;
    },

    gemm(a, b, bias, g, activation) {
      checkGemm(g, a, b, bias);
      const c = alloc(g.m * g.n);
      kernels.gemm(s(a, 'gemm'), s(b, 'gemm'), bias ? s(bias, 'gemm') : null, c, g, activation ?? null);
      return c;
    },
    sumRows(x, rows, cols) {
      checkMatrix('sumRows', x, rows, cols);
      const out = alloc(cols);
      kernels.sumRows(s(x, 'sumRows'), out, rows, cols);
      return out;
    },

    softmaxCrossEntropy(logits, labels, batch, classes) {
      checkMatrix('softmaxCrossEntropy', logits, batch, classes);
      if (labels.size !== batch) throw new BackendError(`softmaxCrossEntropy: ${labels.size} labels for a batch of ${batch}`);
      const probs = alloc(batch * classes), loss = alloc(1);
      const X = s(logits, 'softmaxCrossEntropy').data;
      softmaxRows(X, probs.data, batch, classes);
      loss.data[0] = crossEntropy(X, s(labels, 'softmaxCrossEntropy').data, batch, classes);
      return { loss, probs };
    },
    softmaxCrossEntropyBackward(probs, labels, dloss, batch, classes) {
      checkMatrix('softmaxCrossEntropyBackward', probs, batch, classes);
      if (labels.size !== batch) throw new BackendError(`softmaxCrossEntropyBackward: ${labels.size} labels for a batch of ${batch}`);
      const out = alloc(batch * classes);
      const L = s(labels, 'softmaxCrossEntropyBackward').data;
      crossEntropyBackward(s(probs, 'softmaxCrossEntropyBackward').data, L, s(dloss, 'softmaxCrossEntropyBackward').data[0]!, out.data, batch, classes);
      return out;
    },
    softmax(x, rows, cols) {
      checkMatrix('softmax', x, rows, cols);
      const out = alloc(rows * cols);
      softmaxRows(s(x, 'softmax').data, out.data, rows, cols);
      return out;
    },

    add(a, b) {
      checkSameSize('add', a, b);
      const out = alloc(a.size);
      const A = s(a, 'add').data, B = s(b, 'add').data, O = out.data;
      for (let i = 0; i < A.length; i++) O[i] = A[i]! + B[i]!;
      return out;
    },
    addInPlace(a, b) {
      checkSameSize('addInPlace', a, b);
      const A = s(a, 'addInPlace').data, B = s(b, 'addInPlace').data;
      for (let i = 0; i < A.length; i++) A[i] = A[i]! + B[i]!;
    },
    scale(a, k) {
      const out = alloc(a.size);
      const A = s(a, 'scale').data, O = out.data;
      for (let i = 0; i < A.length; i++) O[i] = A[i]! * k;
      return out;
    },
    copy(a) {
      const out = alloc(a.size);
      out.data.set(s(a, 'copy').data);
      return out;
    },
    fill(a, value) {
      s(a, 'fill').data.fill(value);
    },

    compileForward(steps, inputSize) {
      if (!kernels.compileForward) return null;
      for (const step of steps)
        if (step.kind === 'conv2d' || step.kind === 'linear') {
          const need = step.kind === 'conv2d' ? step.g.outChannels * step.g.inChannels * step.g.kernelHeight * step.g.kernelWidth : step.outFeatures * step.inFeatures;
          if (s(step.weight, 'compileForward').size !== need) throw new BackendError(`compileForward: ${step.kind} weight holds ${step.weight.size} values, needs ${need}`);
          const outs = step.kind === 'conv2d' ? step.g.outChannels : step.outFeatures;
          if (step.bias && s(step.bias, 'compileForward').size !== outs) throw new BackendError(`compileForward: ${step.kind} bias holds ${step.bias.size} values, needs ${outs}`);
        }
      return kernels.compileForward(steps, inputSize);
    },

    sgdStep(param, grad, velocity, o) {
      checkSameSize('sgdStep', param, grad);
      checkSameSize('sgdStep', param, velocity);
      kernels.sgdStep(s(param, 'sgdStep'), s(grad, 'sgdStep'), s(velocity, 'sgdStep'), o);
    },
    adamStep(param, grad, m, v, o) {
      checkSameSize('adamStep', param, grad);
      checkSameSize('adamStep', param, m);
      checkSameSize('adamStep', param, v);
      kernels.adamStep(s(param, 'adamStep'), s(grad, 'adamStep'), s(m, 'adamStep'), s(v, 'adamStep'), o);
    },
  };
  return backend;
}

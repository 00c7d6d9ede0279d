/**
 * The reference backend: every kernel written as the plain loops of its definition,
 * in float32 or float64. It is slow on purpose — it is the yardstick the fast CPU and
 * WebGL2 backends are tested against, and float64 makes finite-difference checks exact.
 */
import type {
  AdamOptions,
  Backend,
  Conv2dGeometry,
  DType,
  GemmGeometry,
  HostArray,
  SgdOptions,
  Storage,
  UnaryOp,
} from '../../backend.js';
import { BackendError, applyActivation } from '../../backend.js';

class HostStorage implements Storage {
  constructor(readonly data: HostArray) {}
  get size(): number {
    return this.data.length;
  }
}

export function createReferenceBackend(dtype: DType = 'float32'): Backend {
  const Ctor = dtype === 'float64' ? Float64Array : Float32Array;
  let live = 0;
  const alloc = (n: number): HostStorage => {
    live++;
    return new HostStorage(new Ctor(n));
  };
  const h = (s: Storage): HostArray => {
    if (!(s instanceof HostStorage)) throw new BackendError('reference: storage from another backend');
    return s.data;
  };

  // The activation of conv2d/gemm is a separate pass here: the reference stays plain loops.
  const activate = (op: UnaryOp, x: Storage) => backend.unary(op, x);
  const free = (st: Storage) => backend.dispose(st);
  const backend: Backend = {
    name: `reference-${dtype}`,
    dtype,
    upload(data) {
      const s = alloc(data.length);
      s.data.set(data);
      return s;
    },
    zeros: (n) => alloc(n),
    read: async (s) => h(s).slice(),
    readSync: (s) => h(s).slice(),
    dispose(s) {
      if (s instanceof HostStorage) live--;
    },
    liveCount: () => live,

    conv2d(x, w, b, g, activation) {
      const X = h(x), W = h(w), B = b ? h(b) : null;
      const y = alloc(g.batch * g.outChannels * g.outHeight * g.outWidth);
      const Y = y.data;
      forEachOutput(g, (n, o, oy, ox, yi) => {
        let acc = B ? B[o]! : 0;
        forEachTap(g, oy, ox, (c, ky, kx, iy, ix) => {
          acc += X[xIndex(g, n, c, iy, ix)]! * W[wIndex(g, o, c, ky, kx)]!;
        });
        Y[yi] = acc;
      });
      return applyActivation(y, activation, activate, free);
    },
    conv2dBackwardInput(dy, w, g) {
      const DY = h(dy), W = h(w);
      const dx = alloc(g.batch * g.inChannels * g.inHeight * g.inWidth);
      const DX = dx.data;
      forEachOutput(g, (n, o, oy, ox, yi) => {
        const d = DY[yi]!;
        forEachTap(g, oy, ox, (c, ky, kx, iy, ix) => {
          DX[xIndex(g, n, c, iy, ix)]! += d * W[wIndex(g, o, c, ky, kx)]!;
        });
      });
      return dx;
    },
    conv2dBackwardWeight(dy, x, g) {
      const DY = h(dy), X = h(x);
      const dw = alloc(g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth);
      const DW = dw.data;
      forEachOutput(g, (n, o, oy, ox, yi) => {
        const d = DY[yi]!;
        forEachTap(g, oy, ox, (c, ky, kx, iy, ix) => {
          DW[wIndex(g, o, c, ky, kx)]! += d * X[xIndex(g, n, c, iy, ix)]!;
        });
      });
      return dw;
    },
    conv2dBackwardBias(dy, g) {
      const DY = h(dy);
      const db = alloc(g.outChannels);
      const plane = g.outHeight * g.outWidth;
      for (let n = 0; n < g.batch; n++)
        for (let o = 0; o < g.outChannels; o++) {
          const base = (n * g.outChannels + o) * plane;
          for (let i = 0; i < plane; i++) db.data[o]! += DY[base + i]!;
        }
      return db;
    },

    maxPool2d(x, g) {
      const X = h(x);
      const outPlane = g.outHeight * g.outWidth;
      const inPlane = g.inHeight * g.inWidth;
      const y = alloc(g.batch * g.channels * outPlane);
      const argmax = alloc(y.size);
      for (let p = 0; p < g.batch * g.channels; p++)
        for (let oy = 0; oy < g.outHeight; oy++)
          for (let ox = 0; ox < g.outWidth; ox++) {
            let best = -Infinity;
            let bestIndex = -1;
            for (let ky = 0; ky < g.kernelHeight; ky++)
              for (let kx = 0; kx < g.kernelWidth; kx++) {
                const iy = oy * g.strideHeight - g.padTop + ky;
                const ix = ox * g.strideWidth - g.padLeft + kx;
                if (iy < 0 || iy >= g.inHeight || ix < 0 || ix >= g.inWidth) continue;
                const v = X[p * inPlane + iy * g.inWidth + ix]!;
                // Strict '>' keeps the first maximum, as PyTorch and ONNX Runtime do.
                if (v > best || bestIndex < 0) {
                  best = v;
                  bestIndex = iy * g.inWidth + ix;
                }
              }
            const o = p * outPlane + oy * g.outWidth + ox;
            y.data[o] = best;
            argmax.data[o] = bestIndex;
          }
      return { y, argmax };
    },
    maxPool2dBackward(dy, argmax, g) {
      const DY = h(dy), A = h(argmax);
      const outPlane = g.outHeight * g.outWidth;
      const inPlane = g.inHeight * g.inWidth;
      const dx = alloc(g.batch * g.channels * inPlane);
      for (let p = 0; p < g.batch * g.channels; p++)
        for (let i = 0; i < outPlane; i++) dx.data[p * inPlane + A[p * outPlane + i]!]! += DY[p * outPlane + i]!;
      return dx;
    },

    unary(op, x) {
      const X = h(x);
      const y = alloc(X.length);
      const f = unaryForward(op);
      for (let i = 0; i < X.length; i++) y.data[i] = f(X[i]!);
      return y;
    },
    unaryBackward(op, y, dy) {
      const Y = h(y), DY = h(dy);
      const dx = alloc(Y.length);
      for (let i = 0; i < Y.length; i++) {
        const v = Y[i]!;
        dx.data[i] = DY[i]! * (op === 'sigmoid' ? v * (1 - v) : v > 0 ? 1 : 0);
      }
      return dx;
    },

    gemm(a, b, bias, g, activation) {
      const A = h(a), B = h(b), C = bias ? h(bias) : null;
      const out = alloc(g.m * g.n);
      for (let i = 0; i < g.m; i++)
        for (let j = 0; j < g.n; j++) {
          let acc = 0;
          for (let p = 0; p < g.k; p++) acc += A[gemmA(g, i, p)]! * B[gemmB(g, p, j)]!;
          out.data[i * g.n + j] = g.alpha * acc + (C ? g.beta * C[j]! : 0);
        }
      return applyActivation(out, activation, activate, free);
    },
    sumRows(x, rows, cols) {
      const X = h(x);
      const out = alloc(cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.data[c]! += X[r * cols + c]!;
      return out;
    },

    softmaxCrossEntropy(logits, labels, batch, classes) {
      const X = h(logits), L = h(labels);
      const probs = softmaxRows(X, batch, classes, alloc);
      let total = 0;
      for (let n = 0; n < batch; n++) {
        // log-sum-exp form: -log p = max + log Σ exp(x - max) - x_label, finite even when p underflows.
        let max = -Infinity;
        for (let c = 0; c < classes; c++) max = Math.max(max, X[n * classes + c]!);
        let sum = 0;
        for (let c = 0; c < classes; c++) sum += Math.exp(X[n * classes + c]! - max);
        total += max + Math.log(sum) - X[n * classes + checkedLabel(L[n]!, classes)]!;
      }
      const loss = alloc(1);
      loss.data[0] = total / batch;
      return { loss, probs };
    },
    softmaxCrossEntropyBackward(probs, labels, dloss, batch, classes) {
      const P = h(probs), L = h(labels);
      const s = h(dloss)[0]! / batch;
      const d = alloc(batch * classes);
      for (let n = 0; n < batch; n++)
        for (let c = 0; c < classes; c++) {
          const i = n * classes + c;
          d.data[i] = s * (P[i]! - (c === L[n] ? 1 : 0));
        }
      return d;
    },
    softmax: (x, rows, cols) => softmaxRows(h(x), rows, cols, alloc),

    add(a, b) {
      const A = h(a), B = h(b);
      sameSize('add', A, B);
      const out = alloc(A.length);
      for (let i = 0; i < A.length; i++) out.data[i] = A[i]! + B[i]!;
      return out;
    },
    addInPlace(a, b) {
      const A = h(a), B = h(b);
      sameSize('addInPlace', A, B);
      for (let i = 0; i < A.length; i++) A[i]! += B[i]!;
    },
    scale(a, s) {
      const A = h(a);
      const out = alloc(A.length);
      for (let i = 0; i < A.length; i++) out.data[i] = A[i]! * s;
      return out;
    },
    copy(a) {
      const out = alloc(a.size);
      out.data.set(h(a));
      return out;
    },
    fill(a, value) {
      h(a).fill(value);
    },

    sgdStep(param, grad, velocity, o: SgdOptions) {
      const P = h(param), G = h(grad), V = h(velocity);
      for (let i = 0; i < P.length; i++) {
        const g = G[i]! + o.weightDecay * P[i]!;
        // PyTorch's SGD with a zero-filled buffer: with dampening 0 (its default) the
        // first step's buffer equals the gradient, exactly as torch.optim.SGD does.
        const v = o.momentum * V[i]! + (1 - o.dampening) * g;
        V[i] = v;
        P[i] = P[i]! - o.lr * (o.nesterov ? g + o.momentum * v : o.momentum > 0 ? v : g);
      }
    },
    adamStep(param, grad, m, v, o: AdamOptions) {
      const P = h(param), G = h(grad), M = h(m), Vv = h(v);
      const c1 = 1 - Math.pow(o.beta1, o.step);
      const c2 = 1 - Math.pow(o.beta2, o.step);
      for (let i = 0; i < P.length; i++) {
        let g = G[i]!;
        if (o.decoupled) P[i] = P[i]! * (1 - o.lr * o.weightDecay);
        else g += o.weightDecay * P[i]!;
        const mi = o.beta1 * M[i]! + (1 - o.beta1) * g;
        const vi = o.beta2 * Vv[i]! + (1 - o.beta2) * g * g;
        M[i] = mi;
        Vv[i] = vi;
        P[i] = P[i]! - (o.lr * (mi / c1)) / (Math.sqrt(vi / c2) + o.eps);
      }
    },
  };
  return backend;
}

/** Every output position (n, o, oy, ox) of a convolution, with its flat index. */
function forEachOutput(g: Conv2dGeometry, f: (n: number, o: number, oy: number, ox: number, yi: number) => void): void {
  for (let n = 0; n < g.batch; n++)
    for (let o = 0; o < g.outChannels; o++)
      for (let oy = 0; oy < g.outHeight; oy++)
        for (let ox = 0; ox < g.outWidth; ox++) f(n, o, oy, ox, yIndex(g, n, o, oy, ox));
}

function forEachTap(
  g: Conv2dGeometry,
  oy: number,
  ox: number,
  f: (c: number, ky: number, kx: number, iy: number, ix: number) => void,
): void {
  for (let c = 0; c < g.inChannels; c++)
    for (let ky = 0; ky < g.kernelHeight; ky++) {
      const iy = oy * g.strideHeight - g.padTop + ky;
      if (iy < 0 || iy >= g.inHeight) continue;
      for (let kx = 0; kx < g.kernelWidth; kx++) {
        const ix = ox * g.strideWidth - g.padLeft + kx;
        if (ix < 0 || ix >= g.inWidth) continue;
        f(c, ky, kx, iy, ix);
      }
    }
}

const xIndex = (g: Conv2dGeometry, n: number, c: number, y: number, x: number) =>
  ((n * g.inChannels + c) * g.inHeight + y) * g.inWidth + x;
const yIndex = (g: Conv2dGeometry, n: number, o: number, y: number, x: number) =>
  ((n * g.outChannels + o) * g.outHeight + y) * g.outWidth + x;
const wIndex = (g: Conv2dGeometry, o: number, c: number, y: number, x: number) =>
  ((o * g.inChannels + c) * g.kernelHeight + y) * g.kernelWidth + x;
const gemmA = (g: GemmGeometry, i: number, p: number) => (g.transA ? p * g.m + i : i * g.k + p);
const gemmB = (g: GemmGeometry, p: number, j: number) => (g.transB ? j * g.k + p : p * g.n + j);

function unaryForward(op: UnaryOp): (x: number) => number {
  return op === 'sigmoid' ? (x) => 1 / (1 + Math.exp(-x)) : (x) => (x > 0 ? x : 0);
}

function softmaxRows(
  X: HostArray,
  rows: number,
  cols: number,
  alloc: (n: number) => HostStorage,
): HostStorage {
  const out = alloc(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, X[r * cols + c]!);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(X[r * cols + c]! - max);
    for (let c = 0; c < cols; c++) out.data[r * cols + c] = Math.exp(X[r * cols + c]! - max) / sum;
  }
  return out;
}

function checkedLabel(label: number, classes: number): number {
  if (!Number.isInteger(label) || label < 0 || label >= classes)
    throw new BackendError(`softmaxCrossEntropy: label ${label} is outside 0..${classes - 1}`);
  return label;
}

function sameSize(op: string, a: HostArray, b: HostArray): void {
  if (a.length !== b.length) throw new BackendError(`${op}: sizes differ, ${a.length} != ${b.length}`);
}

/**
 * Small or memory-bound operations written once in TypeScript over the storages'
 * Float32Array views (wasm heap or plain arrays alike): softmax and cross-entropy
 * (batch × 10), element-wise helpers and the optimizer updates (62k parameters).
 */
import { BackendError, type AdamOptions, type SgdOptions } from '../../backend.js';

export function softmaxRows(X: Float32Array, out: Float32Array, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let max = -Infinity;
    for (let c = 0; c < cols; c++) max = Math.max(max, X[base + c]!);
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += Math.exp(X[base + c]! - max);
    for (let c = 0; c < cols; c++) out[base + c] = Math.exp(X[base + c]! - max) / sum;
  }
}

/** Mean cross-entropy of row-wise softmax; log-sum-exp form, finite when a probability underflows. */
export function crossEntropy(X: Float32Array, labels: Float32Array, batch: number, classes: number): number {
  let total = 0;
  for (let n = 0; n < batch; n++) {
    const base = n * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, X[base + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(X[base + c]! - max);
    total += max + Math.log(sum) - X[base + checkedLabel(labels[n]!, classes)]!;
  }
  return total / batch;
}

export function crossEntropyBackward(P: Float32Array, labels: Float32Array, dloss: number, out: Float32Array, batch: number, classes: number): void {
  const s = dloss / batch;
  for (let n = 0; n < batch; n++) {
    const label = checkedLabel(labels[n]!, classes);
    for (let c = 0; c < classes; c++) {
      const i = n * classes + c;
      out[i] = s * (P[i]! - (c === label ? 1 : 0));
    }
  }
}

function checkedLabel(label: number, classes: number): number {
  if (!Number.isInteger(label) || label < 0 || label >= classes)
    throw new BackendError(`softmaxCrossEntropy: label ${label} is outside 0..${classes - 1}`);
  return label;
}

export function sgdUpdate(P: Float32Array, G: Float32Array, V: Float32Array, o: SgdOptions): void {
  const { lr, momentum, weightDecay, nesterov, dampening } = o;
  for (let i = 0; i < P.length; i++) {
    const g = G[i]! + weightDecay * P[i]!;
    // torch.optim.SGD with a zero-filled buffer: with dampening 0 the first buffer is the gradient.
    const v = momentum * V[i]! + (1 - dampening) * g;
    V[i] = v;
    P[i] = P[i]! - lr * (nesterov ? g + momentum * v : momentum > 0 ? v : g);
  }
}

export function adamUpdate(P: Float32Array, G: Float32Array, M: Float32Array, V: Float32Array, o: AdamOptions): void {
  const c1 = 1 - Math.pow(o.beta1, o.step);
  const c2 = 1 - Math.pow(o.beta2, o.step);
  for (let i = 0; i < P.length; i++) {
    let g = G[i]!;
    if (o.decoupled) P[i] = P[i]! * (1 - o.lr * o.weightDecay);
    else g += o.weightDecay * P[i]!;
    const m = o.beta1 * M[i]! + (1 - o.beta1) * g;
    const v = o.beta2 * V[i]! + (1 - o.beta2) * g * g;
    M[i] = m;
    V[i] = v;
    P[i] = P[i]! - (o.lr * (m / c1)) / (Math.sqrt(v / c2) + o.eps);
  }
}

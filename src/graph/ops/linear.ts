/** Fully connected layer y = x·Wᵀ + b with PyTorch's weight layout W [out,in]. */
import type { UnaryOp } from '../backend.js';
import { record } from '../autograd.js';
import { backwardThroughActivation } from './fused-activation.js';
import { formatShape } from '../format-shape.js';
import { Tensor } from '../tensor.js';

/** linear, optionally fused with the activation that follows it (`activation`). */
export function linear(x: Tensor, w: Tensor, b: Tensor | null, activation?: UnaryOp): Tensor {
  if (x.shape.length !== 2 || w.shape.length !== 2)
    throw new Error(`linear: input ${formatShape(x.shape)} and weight ${formatShape(w.shape)} must be 2-D`);
  const [batch, inF] = x.shape as [number, number];
  const [outF, wIn] = w.shape as [number, number];
  if (inF !== wIn)
    throw new Error(`linear: input ${formatShape(x.shape)} has ${inF} features, weight ${formatShape(w.shape)} expects ${wIn}`);
  if (b && (b.shape.length !== 1 || b.shape[0] !== outF))
    throw new Error(`linear: bias ${formatShape(b.shape)} must be [${outF}] for weight ${formatShape(w.shape)}`);
  const be = x.backend;
  const bs = b?.storage ?? null;
  const geometry = { m: batch, n: outF, k: inF, transA: false, transB: true, alpha: 1, beta: 1 };
  const ys = be.gemm(x.storage, w.storage, bs, geometry, activation);
  const y = new Tensor(be, [batch, outF], ys);
  return record(y, activation ? `linear+${activation}` : 'linear', b ? [x, w, b] : [x, w], backwardThroughActivation(be, activation, () => y.storage, (dz) => [
    // dx = dz·W ; dW = dzᵀ·x ; db = Σ_rows dz
    x.requiresGrad ? be.gemm(dz, w.storage, null, { m: batch, n: inF, k: outF, transA: false, transB: false, alpha: 1, beta: 0 }) : null,
    w.requiresGrad ? be.gemm(dz, x.storage, null, { m: outF, n: inF, k: batch, transA: true, transB: false, alpha: 1, beta: 0 }) : null,
    b?.requiresGrad ? be.sumRows(dz, batch, outF) : null,
  ]));
}

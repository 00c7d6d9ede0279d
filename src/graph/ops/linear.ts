/** Fully connected layer y = x·Wᵀ + b with PyTorch's weight layout W [out,in]. */
import { record } from '../autograd.js';
import { Tensor, fmtShape } from '../tensor.js';

export function linear(x: Tensor, w: Tensor, b: Tensor | null): Tensor {
  if (x.shape.length !== 2 || w.shape.length !== 2)
    throw new Error(`linear: input ${fmtShape(x.shape)} and weight ${fmtShape(w.shape)} must be 2-D`);
  const [batch, inF] = x.shape as [number, number];
  const [outF, wIn] = w.shape as [number, number];
  if (inF !== wIn)
    throw new Error(`linear: input ${fmtShape(x.shape)} has ${inF} features, weight ${fmtShape(w.shape)} expects ${wIn}`);
  if (b && (b.shape.length !== 1 || b.shape[0] !== outF))
    throw new Error(`linear: bias ${fmtShape(b.shape)} must be [${outF}] for weight ${fmtShape(w.shape)}`);
  const be = x.backend;
  const y = new Tensor(
    be,
    [batch, outF],
    be.gemm(x.storage, w.storage, b?.storage ?? null, { m: batch, n: outF, k: inF, transA: false, transB: true, alpha: 1, beta: 1 }),
  );
  return record(y, 'linear', b ? [x, w, b] : [x, w], (dy) => [
    // dx = dy·W ; dW = dyᵀ·x ; db = Σ_rows dy
    x.requiresGrad ? be.gemm(dy, w.storage, null, { m: batch, n: inF, k: outF, transA: false, transB: false, alpha: 1, beta: 0 }) : null,
    w.requiresGrad ? be.gemm(dy, x.storage, null, { m: outF, n: inF, k: batch, transA: true, transB: false, alpha: 1, beta: 0 }) : null,
    b?.requiresGrad ? be.sumRows(dy, batch, outF) : null,
  ]);
}

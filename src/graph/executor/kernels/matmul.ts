/**
 * MatMul (ONNX opsets 1-22): NumPy matmul. Operands of rank ≥ 2 are stacks of matrices
 * whose leading axes broadcast; a 1-D first operand is a row [1, K] and a 1-D second one
 * a column [K, 1], and that axis is dropped from the result. Float and 8/16/32-bit
 * integer types.
 */
import { allocateData, elementCount, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';

export type NumberArray = Exclude<HostTensor['data'], BigInt64Array | BigUint64Array>;

/** One matrix operand: `rows`×`cols` elements at `offset`, element (r, c) at r·rowStride + c·colStride. */
export interface MatrixView {
  readonly data: ArrayLike<number>;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

/** y[m×n] (contiguous at yOffset) += alpha · a[m×k] · b[k×n], accumulating in y's precision. */
export function multiplyInto(a: MatrixView, b: MatrixView, y: NumberArray, yOffset: number, m: number, k: number, n: number, alpha = 1): void {
  const A = a.data, B = b.data;
  for (let i = 0; i < m; i++) {
    const yRow = yOffset + i * n;
    for (let p = 0; p < k; p++) {
      const av = alpha * A[a.offset + i * a.rowStride + p * a.colStride]!;
      let bi = b.offset + p * b.rowStride;
      for (let j = 0; j < n; j++, bi += b.colStride) y[yRow + j]! += av * B[bi]!;
    }
  }
}

/** Broadcast batch shape of two stacks, or null when they do not broadcast. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1, db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Flat index into a stack of shape `dims` for batch index `flat` of the broadcast shape `out`. */
function batchIndex(flat: number, out: readonly number[], dims: readonly number[]): number {
  let index = 0, stride = 1;
  for (let i = out.length - 1, j = dims.length - 1; i >= 0; i--, j--) {
    const coord = flat % out[i]!;
    flat = Math.floor(flat / out[i]!);
    if (j >= 0) {
      if (dims[j] !== 1) index += coord * stride;
      stride *= dims[j]!;
    }
  }
  return index;
}

function numericInput(inputs: readonly (HostTensor | undefined)[], index: number, role: string, ctx: KernelContext): HostTensor & { data: NumberArray } {
  const t = inputs[index];
  if (!t) return ctx.fail(`input ${index} (${role}) is missing`);
  if (t.data instanceof BigInt64Array || t.data instanceof BigUint64Array || t.type === 'float16' || t.type === 'bool')
    return ctx.fail(`input ${index} (${role}) is ${t.type}; this op takes float or 8/16/32-bit integer values`);
  return t as HostTensor & { data: NumberArray };
}

export const matMul: Kernel = (inputs, ctx) => {
  const a = numericInput(inputs, 0, 'A', ctx), b = numericInput(inputs, 1, 'B', ctx);
  if (a.dims.length === 0 || b.dims.length === 0) return ctx.fail('MatMul operands must have rank 1 or more, not scalars');
  const aDims = a.dims.length === 1 ? [1, a.dims[0]!] : a.dims;
  const bDims = b.dims.length === 1 ? [b.dims[0]!, 1] : b.dims;
  const m = aDims[aDims.length - 2]!, k = aDims[aDims.length - 1]!, n = bDims[bDims.length - 1]!;
  if (bDims[bDims.length - 2] !== k) return ctx.fail(`A [${a.dims.join(',')}] and B [${b.dims.join(',')}] do not multiply: ${k} ≠ ${bDims[bDims.length - 2]}`);
  const aBatch = aDims.slice(0, -2), bBatch = bDims.slice(0, -2);
  const batch = broadcastShape(aBatch, bBatch);
  if (!batch) return ctx.fail(`the batch axes of A [${a.dims.join(',')}] and B [${b.dims.join(',')}] do not broadcast`);
  const dims = [...batch, ...(a.dims.length === 1 ? [] : [m]), ...(b.dims.length === 1 ? [] : [n])];
  const type = isFloatType(a.type) ? ctx.floatStorage(a.type) : a.type;
  const y = { type, dims, data: allocateData(type, elementCount(dims)) as NumberArray };
  const count = elementCount(batch);
  for (let s = 0; s < count; s++) {
    const av: MatrixView = { data: a.data, offset: batchIndex(s, batch, aBatch) * m * k, rowStride: k, colStride: 1 };
    const bv: MatrixView = { data: b.data, offset: batchIndex(s, batch, bBatch) * k * n, rowStride: n, colStride: 1 };
    multiplyInto(av, bv, y.data, s * m * n, m, k, n);
  }
  return [y];
};

/**
 * NumPy (multidirectional) broadcasting: the output shape of several inputs, and for
 * each input an offset table mapping output positions to its elements.
 */
import type { KernelContext } from '../kernel.js';
import { walkOffsets } from './tensor-values.js';

export function broadcastDims(shapes: readonly (readonly number[])[], ctx: KernelContext): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const shape of shapes) {
    for (let i = 0; i < shape.length; i++) {
      const k = rank - shape.length + i;
      const d = shape[i]!;
      if (d === out[k] || d === 1) continue;
      if (out[k] === 1) out[k] = d;
      else return ctx.fail(`shapes ${shapes.map((s) => `[${s.join(',')}]`).join(' and ')} do not broadcast`);
    }
  }
  return out;
}

/** For each output element (row-major over `outDims`), the index of the input element it reads; null when no broadcasting happens. */
export function broadcastIndex(inDims: readonly number[], outDims: readonly number[]): Int32Array | null {
  const rank = outDims.length;
  if (inDims.length === rank && inDims.every((d, i) => d === outDims[i])) return null;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = inDims.length - 1; i >= 0; i--) {
    strides[rank - inDims.length + i] = inDims[i] === 1 ? 0 : s;
    s *= inDims[i]!;
  }
  return walkOffsets(outDims, strides);
}

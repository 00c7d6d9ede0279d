/**
 * Unique: the distinct elements (or slices along `axis`), sorted ascending or in order
 * of first appearance, with the index of each one's first occurrence, the inverse map
 * and the counts.
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { int64Tensor, normalizeAxis, tensorOf } from './tensor-values.js';

export const unique: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const axisAttr = ctx.attrs.int('axis');
  const dims = axisAttr === undefined ? [x.data.length] : x.dims;
  const axis = axisAttr === undefined ? 0 : normalizeAxis(axisAttr, x.dims.length, ctx);
  const outer = elementCount(dims.slice(0, axis));
  const len = dims[axis]!;
  const inner = elementCount(dims.slice(axis + 1));
  // Slice j along the axis, as a list of its elements in row-major order.
  const sliceOf = (j: number) => {
    const out: (number | bigint)[] = [];
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out.push(x.data[(o * len + j) * inner + i]!);
    return out;
  };
  const compare = (a: (number | bigint)[], b: (number | bigint)[]) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]! ? -1 : 1;
    return 0;
  };
  const slices = Array.from({ length: len }, (_, j) => sliceOf(j));
  const firsts: number[] = [];
  const inverse = new Array<number>(len);
  const keyOf = (s: (number | bigint)[]) => s.map(String).join(',');
  const seen = new Map<string, number>();
  slices.forEach((s, j) => {
    const key = keyOf(s);
    if (!seen.has(key)) {
      seen.set(key, firsts.length);
      firsts.push(j);
    }
  });
  const order = [...firsts.keys()];
  if (ctx.attrs.int('sorted', 1) === 1) order.sort((a, b) => compare(slices[firsts[a]!]!, slices[firsts[b]!]!));
  const rank = new Map(order.map((u, r) => [u, r]));
  const counts = new Array<number>(order.length).fill(0);
  slices.forEach((s, j) => {
    const r = rank.get(seen.get(keyOf(s))!)!;
    inverse[j] = r;
    counts[r]!++;
  });
  const yDims = dims.map((d, i) => (i === axis ? order.length : d));
  const y = tensorOf(x.type, yDims);
  order.forEach((u, r) => {
    const s = slices[firsts[u]!]!;
    let k = 0;
    for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) y.data[(o * order.length + r) * inner + i] = s[k++]! as never;
  });
  return [y, int64Tensor(order.map((u) => firsts[u]!)), int64Tensor(inverse), int64Tensor(counts)];
};

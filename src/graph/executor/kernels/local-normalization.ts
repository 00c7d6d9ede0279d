/** LRN (across channels) and MeanVarianceNormalization (over `axes`). */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { floatData, normalizeAxis, tensorOf } from './tensor-values.js';

/** y = x / (bias + alpha/size · Σ x² over the `size` channels around c)^beta. */
export const lrn: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const src = floatData(x, ctx);
  const size = ctx.attrs.required('size', 'int');
  const alpha = ctx.attrs.float('alpha', 1e-4);
  const beta = ctx.attrs.float('beta', 0.75);
  const bias = ctx.attrs.float('bias', 1);
  const [n, c] = x.dims as [number, number];
  const inner = elementCount(x.dims.slice(2));
  const before = Math.floor((size - 1) / 2);
  const after = Math.ceil((size - 1) / 2);
  const out = tensorOf(x.type, x.dims);
  for (let b = 0; b < n; b++) {
    for (let ch = 0; ch < c; ch++) {
      for (let i = 0; i < inner; i++) {
        let sum = 0;
        for (let k = Math.max(0, ch - before); k <= Math.min(c - 1, ch + after); k++) sum += src[(b * c + k) * inner + i]! ** 2;
        const at = (b * c + ch) * inner + i;
        out.data[at] = src[at]! / (bias + (alpha / size) * sum) ** beta;
      }
    }
  }
  return [out];
};

/** (x − mean) / (sqrt(variance) + 1e-9) with statistics over `axes` (default N, H, W), as ONNX's function body. */
export const meanVarianceNormalization: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const src = floatData(x, ctx);
  const rank = x.dims.length;
  const axes = ctx.attrs.ints('axes', [0, 2, 3]).map((a) => normalizeAxis(a, rank, ctx));
  // Group elements by their coordinates on the axes that are kept.
  const kept = x.dims.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups = elementCount(kept);
  const sum = new Float64Array(groups);
  const sumSq = new Float64Array(groups);
  const group = new Int32Array(src.length);
  const coord = new Array<number>(rank).fill(0);
  for (let i = 0; i < src.length; i++) {
    let g = 0;
    for (let k = 0; k < rank; k++) g = g * kept[k]! + (axes.includes(k) ? 0 : coord[k]!);
    group[i] = g;
    sum[g]! += src[i]!;
    sumSq[g]! += src[i]! ** 2;
    for (let k = rank - 1; k >= 0; k--) {
      if (++coord[k]! < x.dims[k]!) break;
      coord[k] = 0;
    }
  }
  const count = src.length / groups;
  const out = tensorOf(x.type, x.dims);
  for (let i = 0; i < src.length; i++) {
    const g = group[i]!;
    const mean = sum[g]! / count;
    out.data[i] = (src[i]! - mean) / (Math.sqrt(sumSq[g]! / count - mean * mean) + 1e-9);
  }
  return [out];
};

/** ArgMax and ArgMin along one axis (int64 result; first or, with select_last_index, last of equal values). */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { normalizeAxis, tensorOf } from './tensor-values.js';

function argReduce(better: (candidate: number | bigint, best: number | bigint) => boolean): Kernel {
  return ([x], ctx) => {
    if (!x) return ctx.fail('input is required');
    const axis = normalizeAxis(ctx.attrs.int('axis', 0), x.dims.length, ctx);
    const keep = ctx.attrs.int('keepdims', 1) === 1;
    const last = ctx.attrs.int('select_last_index', 0) === 1;
    const outer = elementCount(x.dims.slice(0, axis));
    const len = x.dims[axis]!;
    const inner = elementCount(x.dims.slice(axis + 1));
    const dims = keep ? x.dims.map((d, i) => (i === axis ? 1 : d)) : x.dims.filter((_, i) => i !== axis);
    const out = tensorOf('int64', dims);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * len * inner + i;
        let best = 0;
        for (let k = 1; k < len; k++) {
          const v = x.data[base + k * inner]!;
          const b = x.data[base + best * inner]!;
          if (better(v, b) || (last && v === b)) best = k;
        }
        out.data[o * inner + i] = BigInt(best);
      }
    }
    return [out];
  };
}

export const argMax = argReduce((v, best) => v > best);
export const argMin = argReduce((v, best) => v < best);

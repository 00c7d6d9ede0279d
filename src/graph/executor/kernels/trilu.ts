/** Trilu: the upper (or lower) triangle of the last two dims, shifted by diagonal k; the rest zero. */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { scalarValue, tensorOf } from './tensor-values.js';

export const trilu: Kernel = ([x, kT], ctx) => {
  if (!x) return ctx.fail('input is required');
  if (x.dims.length < 2) ctx.fail(`input has rank ${x.dims.length}; Trilu needs at least 2`);
  const k = kT ? scalarValue(kT, ctx, 'k') : 0;
  const upper = ctx.attrs.int('upper', 1) === 1;
  const rows = x.dims[x.dims.length - 2]!;
  const cols = x.dims[x.dims.length - 1]!;
  const out = tensorOf(x.type, x.dims);
  const batches = elementCount(x.dims.slice(0, -2));
  for (let b = 0; b < batches; b++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const keep = upper ? c - r >= k : c - r <= k;
        const i = (b * rows + r) * cols + c;
        if (keep) out.data[i] = x.data[i]!;
      }
    }
  }
  return [out];
};

/**
 * Hardmax: 1 at the first maximum, 0 elsewhere. Before opset 13 the input is seen as
 * 2-D, [product of dims before axis, product from axis] (axis default 1); from 13 it
 * works along one axis (default -1).
 */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { normalizeAxis, tensorOf } from './tensor-values.js';

export const hardmax: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const rank = x.dims.length;
  const axis = normalizeAxis(ctx.attrs.int('axis', ctx.opset < 13 ? 1 : -1), rank, ctx);
  const coerced = ctx.opset < 13;
  const outer = elementCount(x.dims.slice(0, axis));
  const len = coerced ? elementCount(x.dims.slice(axis)) : x.dims[axis]!;
  const inner = coerced ? 1 : elementCount(x.dims.slice(axis + 1));
  const out = tensorOf(x.type, x.dims);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let best = 0;
      for (let k = 1; k < len; k++) if (x.data[base + k * inner]! > x.data[base + best * inner]!) best = k;
      if (len > 0) out.data[base + best * inner] = 1;
    }
  }
  return [out];
};

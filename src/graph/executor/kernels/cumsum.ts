/** CumSum along an axis given as a tensor, optionally exclusive and/or reversed. */
import { elementCount, isBigIntType } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { normalizeAxis, scalarValue, tensorOf } from './tensor-values.js';

export const cumSum: Kernel = ([x, axisT], ctx) => {
  if (!x || !axisT) return ctx.fail('needs x and axis');
  const axis = normalizeAxis(scalarValue(axisT, ctx, 'axis'), x.dims.length, ctx);
  const exclusive = ctx.attrs.int('exclusive', 0) === 1;
  const reverse = ctx.attrs.int('reverse', 0) === 1;
  const outer = elementCount(x.dims.slice(0, axis));
  const len = x.dims[axis]!;
  const inner = elementCount(x.dims.slice(axis + 1));
  const out = tensorOf(x.type, x.dims);
  const zero = isBigIntType(x.type) ? 0n : 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc: number | bigint = zero;
      for (let j = 0; j < len; j++) {
        const k = reverse ? len - 1 - j : j;
        const at = (o * len + k) * inner + i;
        const v = x.data[at]!;
        if (exclusive) {
          out.data[at] = acc as never;
          acc = (acc as number) + (v as number);
        } else {
          acc = (acc as number) + (v as number);
          out.data[at] = acc as never;
        }
      }
    }
  }
  return [out];
};

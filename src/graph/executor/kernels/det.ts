/** Det: determinants of the square matrices in the last two dims, by LU with partial pivoting in float64. */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { floatData, tensorOf } from './tensor-values.js';

export const det: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const src = floatData(x, ctx);
  const n = x.dims[x.dims.length - 1]!;
  if (x.dims.length < 2 || x.dims[x.dims.length - 2] !== n) ctx.fail(`input [${x.dims.join(',')}] is not a stack of square matrices`);
  const batch = elementCount(x.dims.slice(0, -2));
  const out = tensorOf(x.type, x.dims.slice(0, -2));
  const a = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    a.set(src.subarray(b * n * n, (b + 1) * n * n));
    let result = 1;
    for (let col = 0; col < n; col++) {
      let pivot = col;
      for (let r = col + 1; r < n; r++) if (Math.abs(a[r * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = r;
      if (a[pivot * n + col] === 0) {
        result = 0;
        break;
      }
      if (pivot !== col) {
        for (let k = 0; k < n; k++) [a[col * n + k], a[pivot * n + k]] = [a[pivot * n + k]!, a[col * n + k]!];
        result = -result;
      }
      result *= a[col * n + col]!;
      for (let r = col + 1; r < n; r++) {
        const f = a[r * n + col]! / a[col * n + col]!;
        for (let k = col; k < n; k++) a[r * n + k]! -= f * a[col * n + k]!;
      }
    }
    out.data[b] = result;
  }
  return [out];
};

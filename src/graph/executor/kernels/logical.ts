/** Not, And, Or, Xor on bool tensors (broadcast). */
import type { Kernel } from '../kernel.js';
import { compareBroadcast } from './comparison.js';
import { tensorOf } from './tensor-values.js';

function logical(test: (a: boolean, b: boolean) => boolean): Kernel {
  return ([a, b], ctx) => {
    if (!a || !b) return ctx.fail('needs two inputs');
    if (a.type !== 'bool') ctx.fail(`inputs are ${a.type}; must be bool`);
    return [compareBroadcast(a, b, (x, y) => test(x !== 0, y !== 0), ctx)];
  };
}

export const and = logical((a, b) => a && b);
export const or = logical((a, b) => a || b);
export const xor = logical((a, b) => a !== b);

export const not: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  if (x.type !== 'bool') ctx.fail(`input is ${x.type}; must be bool`);
  const out = tensorOf('bool', x.dims);
  for (let i = 0; i < x.data.length; i++) out.data[i] = x.data[i] ? 0 : 1;
  return [out];
};

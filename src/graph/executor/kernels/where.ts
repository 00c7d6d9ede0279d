/** Where(condition, X, Y): X where condition is true, else Y, all three broadcast. */
import type { Kernel } from '../kernel.js';
import { broadcastDims, broadcastIndex } from './broadcast.js';
import { tensorOf } from './tensor-values.js';

export const where: Kernel = ([cond, x, y], ctx) => {
  if (!cond || !x || !y) return ctx.fail('needs condition, X and Y');
  if (cond.type !== 'bool') ctx.fail(`condition is ${cond.type}, must be bool`);
  if (x.type !== y.type) ctx.fail(`X is ${x.type} and Y is ${y.type}; they must have one type`);
  const dims = broadcastDims([cond.dims, x.dims, y.dims], ctx);
  const out = tensorOf(x.type, dims);
  const [ic, ix, iy] = [cond, x, y].map((t) => broadcastIndex(t.dims, dims));
  const c = cond.data;
  const dst = out.data;
  for (let i = 0; i < dst.length; i++) dst[i] = c[ic ? ic[i]! : i] ? x.data[ix ? ix[i]! : i]! : y.data[iy ? iy[i]! : i]!;
  return [out];
};

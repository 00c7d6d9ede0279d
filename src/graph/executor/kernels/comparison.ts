/** Equal, Less, Greater, LessOrEqual, GreaterOrEqual with broadcasting; bool results. */
import type { HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { broadcastDims, broadcastIndex } from './broadcast.js';
import { tensorOf } from './tensor-values.js';

type Test = (a: number | bigint, b: number | bigint) => boolean;

/** `test` on every broadcast pair of `a` and `b`, as a bool tensor. */
export function compareBroadcast(a: HostTensor, b: HostTensor, test: Test, ctx: KernelContext): HostTensor {
  if (a.type !== b.type) ctx.fail(`inputs are ${a.type} and ${b.type}; they must have one type`);
  const dims = broadcastDims([a.dims, b.dims], ctx);
  const out = tensorOf('bool', dims);
  const ia = broadcastIndex(a.dims, dims);
  const ib = broadcastIndex(b.dims, dims);
  const z = out.data;
  for (let i = 0; i < z.length; i++) z[i] = test(a.data[ia ? ia[i]! : i]!, b.data[ib ? ib[i]! : i]!) ? 1 : 0;
  return out;
}

function comparison(test: Test): Kernel {
  return ([a, b], ctx) => {
    if (!a || !b) return ctx.fail('needs two inputs');
    return [compareBroadcast(a, b, test, ctx)];
  };
}

export const equal = comparison((a, b) => a === b);
export const less = comparison((a, b) => a < b);
export const greater = comparison((a, b) => a > b);
export const lessOrEqual = comparison((a, b) => a <= b);
export const greaterOrEqual = comparison((a, b) => a >= b);

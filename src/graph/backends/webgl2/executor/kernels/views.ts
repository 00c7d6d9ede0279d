/**
 * Ops that only change dims: Reshape, Flatten, Squeeze, Unsqueeze, Identity and
 * Dropout at inference. The result is a view sharing the input's texture, so they
 * cost nothing on the GPU.
 */
import { reshapeDims } from '../../../../executor/kernels/reshape.js';
import type { GpuKernel } from '../gpu-kernel.js';

const ints = (t: { data: ArrayLike<number | bigint> }): number[] => Array.from(t.data, Number);

export const identity: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  return x ? [x.view(x.dims)] : null;
};

/** Dropout is the identity at inference; a requested mask (all kept) or training mode go to the CPU kernel. */
export const dropout: GpuKernel = (inputs, ctx) => {
  if (ctx.outputCount > 1 || inputs[2]) return null;
  return identity(inputs, ctx);
};

export const reshape: GpuKernel = ([input, shapeInput], ctx) => {
  const x = ctx.gpu(input);
  if (!x) return null;
  let shape: number[];
  if (ctx.opset < 5) shape = [...(ctx.attrs.ints('shape') ?? [])];
  else {
    const t = ctx.host(shapeInput);
    if (!t) return null;
    shape = ints(t);
  }
  return [x.view(reshapeDims(x.dims, shape, ctx.attrs.int('allowzero', 0) === 1, ctx))];
};

export const flatten: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  if (!x) return null;
  const rank = x.dims.length;
  const raw = ctx.attrs.int('axis', 1);
  if (raw < -rank || raw > rank) return ctx.fail(`axis ${raw} is out of range for rank ${rank}`);
  const axis = raw < 0 ? raw + rank : raw;
  const product = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);
  return [x.view([product(x.dims.slice(0, axis)), product(x.dims.slice(axis))])];
};

/** Axes from the attribute before opset 13, from the second input after. */
function axesOf(inputs: readonly unknown[], ctx: Parameters<GpuKernel>[1]): number[] | null | undefined {
  if (ctx.opset < 13) return ctx.attrs.ints('axes')?.slice();
  if (!inputs[1]) return undefined;
  const t = ctx.host(inputs[1] as Parameters<typeof ctx.host>[0]);
  return t ? ints(t) : null;
}

export const squeeze: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  const axes = axesOf(inputs, ctx);
  if (!x || axes === null) return null;
  const rank = x.dims.length;
  const drop = new Set((axes ?? x.dims.flatMap((d, k) => (d === 1 ? [k] : []))).map((a) => {
    if (a < -rank || a >= rank) return ctx.fail(`axis ${a} is out of range for rank ${rank}`);
    const k = a < 0 ? a + rank : a;
    if (x.dims[k] !== 1) return ctx.fail(`axis ${a} has size ${x.dims[k]}, not 1`);
    return k;
  }));
  return [x.view(x.dims.filter((_, k) => !drop.has(k)))];
};

export const unsqueeze: GpuKernel = (inputs, ctx) => {
  const x = ctx.gpu(inputs[0]);
  const axes = axesOf(inputs, ctx);
  if (!x || !axes) return null;
  const rank = x.dims.length + axes.length;
  const added = new Set(axes.map((a) => {
    if (a < -rank || a >= rank) return ctx.fail(`axis ${a} is out of range for rank ${rank}`);
    return a < 0 ? a + rank : a;
  }));
  if (added.size !== axes.length) return ctx.fail(`axes [${axes}] repeat an axis`);
  const dims: number[] = [];
  let next = 0;
  for (let k = 0; k < rank; k++) dims.push(added.has(k) ? 1 : x.dims[next++]!);
  return [x.view(dims)];
};

/** Shape and Size read only dims: no read-back of the data. */
export const shapeOf: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  if (!x) return null;
  const rank = x.dims.length;
  const clamp = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
  const start = ctx.opset >= 15 ? clamp(ctx.attrs.int('start', 0)) : 0;
  const end = ctx.opset >= 15 ? clamp(ctx.attrs.int('end', rank)) : rank;
  const dims = x.dims.slice(start, Math.max(start, end));
  return [{ type: 'int64', dims: [dims.length], data: BigInt64Array.from(dims, (d) => BigInt(d)) }];
};

export const sizeOf: GpuKernel = ([input], ctx) => {
  const x = ctx.gpu(input);
  return x ? [{ type: 'int64', dims: [], data: BigInt64Array.of(BigInt(x.size)) }] : null;
};

/**
 * Ops that keep the data and change only the dims: Reshape (0 copies a dim unless
 * allowzero, -1 is inferred), Flatten (any axis), Squeeze and Unsqueeze (axes as an
 * attribute before opset 13, an input from it).
 */
import { elementCount, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, readInts } from './tensor-values.js';

function withDims(x: HostTensor, dims: readonly number[]): HostTensor {
  return { type: x.type, dims: [...dims], data: x.data };
}

export function reshapeDims(from: readonly number[], shape: readonly number[], allowZero: boolean, ctx: KernelContext): number[] {
  const dims = shape.map((d, i) => (d === 0 && !allowZero ? (i < from.length ? from[i]! : ctx.fail(`shape [${shape.join(',')}] copies dim ${i}, which [${from.join(',')}] lacks`)) : d));
  const unknown = dims.indexOf(-1);
  if (dims.some((d, i) => d < -1 || (d === -1 && i !== unknown))) ctx.fail(`shape [${shape.join(',')}] is not a valid target`);
  const total = elementCount(from);
  if (unknown >= 0) {
    const known = elementCount(dims.filter((_, i) => i !== unknown));
    if (known === 0 || total % known !== 0) ctx.fail(`cannot reshape [${from.join(',')}] to [${shape.join(',')}]`);
    dims[unknown] = total / known;
  }
  if (elementCount(dims) !== total) ctx.fail(`cannot reshape [${from.join(',')}] (${total} values) to [${shape.join(',')}]`);
  return dims;
}

export const reshape: Kernel = ([x, shapeT], ctx) => {
  if (!x) return ctx.fail('input is required');
  const shape = ctx.opset < 5 ? ctx.attrs.ints('shape', []) : shapeT ? readInts(shapeT) : ctx.fail('shape input is required');
  return [withDims(x, reshapeDims(x.dims, shape, ctx.attrs.int('allowzero', 0) === 1, ctx))];
};

export const flatten: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const axis = normalizeAxis(ctx.attrs.int('axis', 1), x.dims.length, ctx, 1);
  return [withDims(x, [elementCount(x.dims.slice(0, axis)), elementCount(x.dims.slice(axis))])];
};

function axesOf(ctx: KernelContext, axesInput: HostTensor | undefined): readonly number[] | undefined {
  return ctx.opset < 13 ? ctx.attrs.ints('axes') : axesInput ? readInts(axesInput) : undefined;
}

export const squeeze: Kernel = ([x, axesInput], ctx) => {
  if (!x) return ctx.fail('input is required');
  const given = axesOf(ctx, axesInput);
  const axes = given ? given.map((a) => normalizeAxis(a, x.dims.length, ctx)) : x.dims.flatMap((d, i) => (d === 1 ? [i] : []));
  for (const a of axes) if (x.dims[a] !== 1) ctx.fail(`cannot squeeze axis ${a} of size ${x.dims[a]}`);
  return [withDims(x, x.dims.filter((_, i) => !axes.includes(i)))];
};

export const unsqueeze: Kernel = ([x, axesInput], ctx) => {
  if (!x) return ctx.fail('input is required');
  const given = axesOf(ctx, axesInput) ?? ctx.fail('axes are required');
  const rank = x.dims.length + given.length;
  const axes = given.map((a) => normalizeAxis(a, rank, ctx));
  if (new Set(axes).size !== axes.length) ctx.fail(`axes [${given.join(',')}] repeat an axis`);
  const dims: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) dims.push(axes.includes(i) ? 1 : x.dims[k++]!);
  return [withDims(x, dims)];
};

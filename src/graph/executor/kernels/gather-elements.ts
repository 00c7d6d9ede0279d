/**
 * GatherElements, ScatterElements (and the older Scatter), GatherND and ScatterND:
 * index tensors address single elements or slices of the data, negative indices
 * counting from the end.
 */
import { elementCount, isBigIntType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, readInts, stridesOf, tensorOf } from './tensor-values.js';

function indexWithin(i: number, size: number, ctx: KernelContext): number {
  if (i < -size || i >= size) ctx.fail(`index ${i} is out of range for a dim of ${size}`);
  return i < 0 ? i + size : i;
}

/** For each element of `indices` (same rank as data), the data offset it addresses along `axis`. */
function elementOffsets(data: HostTensor, indicesT: HostTensor, axis: number, ctx: KernelContext): Int32Array {
  const rank = data.dims.length;
  if (indicesT.dims.length !== rank) ctx.fail(`indices have rank ${indicesT.dims.length}, data has ${rank}`);
  const strides = stridesOf(data.dims);
  const indices = readInts(indicesT);
  const offsets = new Int32Array(indices.length);
  const coord = new Array<number>(rank).fill(0);
  for (let i = 0; i < indices.length; i++) {
    let offset = 0;
    for (let k = 0; k < rank; k++) offset += (k === axis ? indexWithin(indices[i]!, data.dims[axis]!, ctx) : coord[k]!) * strides[k]!;
    offsets[i] = offset;
    for (let k = rank - 1; k >= 0; k--) {
      if (++coord[k]! < indicesT.dims[k]!) break;
      coord[k] = 0;
    }
  }
  return offsets;
}

export const gatherElements: Kernel = ([data, indices], ctx) => {
  if (!data || !indices) return ctx.fail('needs data and indices');
  const axis = normalizeAxis(ctx.attrs.int('axis', 0), data.dims.length, ctx);
  const offsets = elementOffsets(data, indices, axis, ctx);
  const out = tensorOf(data.type, indices.dims);
  for (let i = 0; i < offsets.length; i++) out.data[i] = data.data[offsets[i]!]!;
  return [out];
};

type Combine = (old: number | bigint, update: number | bigint) => number | bigint;

function reduction(ctx: KernelContext): Combine {
  const name = ctx.attrs.string('reduction', 'none');
  switch (name) {
    case 'none': return (_, u) => u;
    case 'add': return (a, u) => (a as number) + (u as number);
    case 'mul': return (a, u) => (a as number) * (u as number);
    case 'max': return (a, u) => (a > u ? a : u);
    case 'min': return (a, u) => (a < u ? a : u);
    default: return ctx.fail(`reduction "${name}" is not one of none, add, mul, max, min`);
  }
}

export const scatterElements: Kernel = ([data, indices, updates], ctx) => {
  if (!data || !indices || !updates) return ctx.fail('needs data, indices and updates');
  const axis = normalizeAxis(ctx.attrs.int('axis', 0), data.dims.length, ctx);
  const offsets = elementOffsets(data, indices, axis, ctx);
  const combine = reduction(ctx);
  const out = tensorOf(data.type, data.dims, data.data.slice());
  for (let i = 0; i < offsets.length; i++) out.data[offsets[i]!] = combine(out.data[offsets[i]!]!, updates.data[i]!) as never;
  return [out];
};

/** For each index tuple (the last dim of indices), the offset of the data slice it picks, and that slice's size. */
function sliceOffsets(data: HostTensor, indicesT: HostTensor, batchDims: number, ctx: KernelContext) {
  const q = indicesT.dims.length;
  const depth = indicesT.dims[q - 1]!;
  if (depth > data.dims.length - batchDims) ctx.fail(`index tuples of ${depth} exceed the data's rank ${data.dims.length}`);
  const batch = elementCount(data.dims.slice(0, batchDims));
  const sliceDims = data.dims.slice(batchDims + depth);
  const slice = elementCount(sliceDims);
  const batchStride = elementCount(data.dims.slice(batchDims));
  const strides = stridesOf(data.dims.slice(batchDims));
  const indices = readInts(indicesT);
  const tuples = elementCount(indicesT.dims.slice(0, -1));
  const perBatch = tuples / batch;
  const offsets: number[] = [];
  for (let t = 0; t < tuples; t++) {
    let offset = Math.floor(t / perBatch) * batchStride;
    for (let k = 0; k < depth; k++) offset += indexWithin(indices[t * depth + k]!, data.dims[batchDims + k]!, ctx) * strides[k]!;
    offsets.push(offset);
  }
  return { offsets, slice, sliceDims };
}

export const gatherND: Kernel = ([data, indices], ctx) => {
  if (!data || !indices) return ctx.fail('needs data and indices');
  const batchDims = ctx.attrs.int('batch_dims', 0);
  const { offsets, slice, sliceDims } = sliceOffsets(data, indices, batchDims, ctx);
  const out = tensorOf(data.type, [...indices.dims.slice(0, -1), ...sliceDims]);
  offsets.forEach((from, t) => (out.data as Float32Array).set((data.data as Float32Array).subarray(from, from + slice), t * slice));
  return [out];
};

export const scatterND: Kernel = ([data, indices, updates], ctx) => {
  if (!data || !indices || !updates) return ctx.fail('needs data, indices and updates');
  const { offsets, slice } = sliceOffsets(data, indices, 0, ctx);
  const combine = reduction(ctx);
  const out = tensorOf(data.type, data.dims, data.data.slice());
  const big = isBigIntType(data.type);
  offsets.forEach((to, t) => {
    for (let j = 0; j < slice; j++) {
      const v = combine(out.data[to + j]!, updates.data[t * slice + j]!);
      out.data[to + j] = (big ? BigInt(v) : v) as never;
    }
  });
  return [out];
};

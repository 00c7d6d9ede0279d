/** OneHot, EyeLike, NonZero, Compress, TopK: ops that build or pick by position. */
import { elementCount, isFloatType } from '../../host-tensor.js';
import { castTensor } from '../cast.js';
import type { Kernel } from '../kernel.js';
import { elementTypeOfCode, normalizeAxis, readInts, scalarValue, stridesOf, tensorOf } from './tensor-values.js';

export const oneHot: Kernel = ([indicesT, depthT, values], ctx) => {
  if (!indicesT || !depthT || !values) return ctx.fail('needs indices, depth and values');
  const depth = Math.trunc(scalarValue(depthT, ctx, 'depth'));
  const rank = indicesT.dims.length + 1;
  const axis = normalizeAxis(ctx.attrs.int('axis', -1), rank, ctx);
  const dims = [...indicesT.dims.slice(0, axis), depth, ...indicesT.dims.slice(axis)];
  const out = tensorOf(values.type, dims);
  const [off, on] = [values.data[0]!, values.data[1]!];
  (out.data as Float32Array).fill(off as number);
  if (typeof off === 'bigint') (out.data as BigInt64Array).fill(off);
  const indices = readInts(indicesT).map(Math.trunc);
  const inner = elementCount(indicesT.dims.slice(axis));
  indices.forEach((v, i) => {
    const k = v < 0 ? v + depth : v;
    if (k < 0 || k >= depth) return; // out of range: all "off", as the spec says
    const o = Math.floor(i / inner);
    out.data[(o * depth + k) * inner + (i % inner)] = on as never;
  });
  return [out];
};

export const eyeLike: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  if (x.dims.length !== 2) ctx.fail(`input has rank ${x.dims.length}; EyeLike needs 2`);
  const code = ctx.attrs.int('dtype');
  const logical = code === undefined ? x.type : elementTypeOfCode(code, ctx, 'dtype');
  const type = isFloatType(logical) ? ctx.floatStorage(logical) : logical;
  const k = ctx.attrs.int('k', 0);
  const [rows, cols] = x.dims as [number, number];
  const ones = castTensor(tensorOf('float64', [rows * cols]), type);
  for (let r = 0; r < rows; r++) if (r + k >= 0 && r + k < cols) ones.data[r * cols + r + k] = (typeof ones.data[0] === 'bigint' ? 1n : 1) as never;
  return [tensorOf(type, x.dims, ones.data)];
};

export const nonZero: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const strides = stridesOf(x.dims);
  const hits: number[] = [];
  for (let i = 0; i < x.data.length; i++) if (x.data[i]) hits.push(i);
  const rank = x.dims.length;
  const out = tensorOf('int64', [rank, hits.length]);
  hits.forEach((flat, j) => {
    let rest = flat;
    for (let k = 0; k < rank; k++) {
      out.data[k * hits.length + j] = BigInt(Math.floor(rest / strides[k]!));
      rest %= strides[k]!;
    }
  });
  return [out];
};

export const compress: Kernel = ([x, condition], ctx) => {
  if (!x || !condition) return ctx.fail('needs input and condition');
  const axisAttr = ctx.attrs.int('axis');
  const flat = axisAttr === undefined;
  const dims = flat ? [x.data.length] : x.dims;
  const axis = flat ? 0 : normalizeAxis(axisAttr, x.dims.length, ctx);
  const len = dims[axis]!;
  const keep: number[] = [];
  for (let i = 0; i < Math.min(len, condition.data.length); i++) if (condition.data[i]) keep.push(i);
  const outer = elementCount(dims.slice(0, axis));
  const inner = elementCount(dims.slice(axis + 1));
  const out = tensorOf(x.type, dims.map((d, i) => (i === axis ? keep.length : d)));
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (const k of keep) {
      (out.data as Float32Array).set((x.data as Float32Array).subarray((o * len + k) * inner, (o * len + k + 1) * inner), at);
      at += inner;
    }
  }
  return [out];
};

/** TopK: K largest (or smallest) along an axis, with their int64 indices; ties keep the lower index first. */
export const topK: Kernel = ([x, kT], ctx) => {
  if (!x) return ctx.fail('input is required');
  const k = ctx.opset < 10 ? ctx.attrs.required('k', 'int') : kT ? scalarValue(kT, ctx, 'K') : ctx.fail('K is required');
  const axis = normalizeAxis(ctx.attrs.int('axis', -1), x.dims.length, ctx);
  const largest = ctx.attrs.int('largest', 1) === 1;
  const len = x.dims[axis]!;
  if (k < 0 || k > len) ctx.fail(`K = ${k} is out of range for an axis of ${len}`);
  const outer = elementCount(x.dims.slice(0, axis));
  const inner = elementCount(x.dims.slice(axis + 1));
  const dims = x.dims.map((d, i) => (i === axis ? k : d));
  const values = tensorOf(x.type, dims);
  const indices = tensorOf('int64', dims);
  const order = Array.from({ length: len }, (_, i) => i);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (j: number) => x.data[(o * len + j) * inner + i]! as number;
      order.sort((a, b) => {
        const d = largest ? at(b) - at(a) : at(a) - at(b);
        return d === 0 || Number.isNaN(d) ? a - b : d;
      });
      for (let j = 0; j < k; j++) {
        values.data[(o * k + j) * inner + i] = at(order[j]!) as never;
        indices.data[(o * k + j) * inner + i] = BigInt(order[j]!);
      }
      order.sort((a, b) => a - b);
    }
  }
  return [values, indices];
};

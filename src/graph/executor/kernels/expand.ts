/** Expand (to a shape, broadcasting both ways) and Tile (repeat along each axis). */
import { elementCount } from '../../host-tensor.js';
import type { Kernel } from '../kernel.js';
import { broadcastDims, broadcastIndex } from './broadcast.js';
import { readInts, tensorOf } from './tensor-values.js';

export const expand: Kernel = ([x, shapeT], ctx) => {
  if (!x || !shapeT) return ctx.fail('needs input and shape');
  const dims = broadcastDims([x.dims, readInts(shapeT)], ctx);
  const out = tensorOf(x.type, dims);
  const index = broadcastIndex(x.dims, dims);
  const src = x.data;
  const dst = out.data;
  if (!index) dst.set(src as never);
  else for (let i = 0; i < index.length; i++) dst[i] = src[index[i]!]!;
  return [out];
};

export const tile: Kernel = ([x, repeatsT], ctx) => {
  if (!x || !repeatsT) return ctx.fail('needs input and repeats');
  const repeats = readInts(repeatsT);
  const rank = x.dims.length;
  if (repeats.length !== rank || repeats.some((r) => r < 0)) ctx.fail(`repeats [${repeats.join(',')}] do not fit rank ${rank}`);
  const dims = x.dims.map((d, i) => d * repeats[i]!);
  const out = tensorOf(x.type, dims);
  const n = elementCount(dims);
  const coord = new Array<number>(rank).fill(0);
  const inStrides = x.dims.map((_, i) => elementCount(x.dims.slice(i + 1)));
  const src = x.data;
  const dst = out.data;
  for (let i = 0; i < n; i++) {
    let offset = 0;
    for (let k = 0; k < rank; k++) offset += (coord[k]! % x.dims[k]!) * inStrides[k]!;
    dst[i] = src[offset]!;
    for (let k = rank - 1; k >= 0; k--) {
      if (++coord[k]! < dims[k]!) break;
      coord[k] = 0;
    }
  }
  return [out];
};

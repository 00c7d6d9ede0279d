/**
 * Pad (ONNX opsets 1-21) for tensors of any element type: constant, reflect, edge and
 * wrap modes. Before opset 11 the pads (opset 1: `paddings`) and the constant `value`
 * are attributes; from 11 they are inputs, and from 18 an optional `axes` input says
 * which axes the pads are for. Negative pads crop.
 */
import { allocateData, elementCount, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { normalizeAxis, readInts } from './tensor-values.js';

type Mode = 'constant' | 'reflect' | 'edge' | 'wrap';

/** Source index along one axis for output index o, or -1 where the constant goes. */
function sourceIndex(mode: Mode, o: number, before: number, size: number): number {
  let i = o - before;
  if (i >= 0 && i < size) return i;
  if (mode === 'constant' || size === 0) return -1;
  if (mode === 'edge') return i < 0 ? 0 : size - 1;
  if (mode === 'wrap') return ((i % size) + size) % size;
  if (size === 1) return 0;
  const period = 2 * (size - 1);
  i = ((i % period) + period) % period;
  return i < size ? i : period - i;
}

/** [begin..., end...] for every axis of a rank-`rank` tensor. */
export function padsOf(inputs: readonly (HostTensor | undefined)[], rank: number, ctx: KernelContext): number[] {
  if (ctx.opset < 11) {
    const name = ctx.opset < 2 ? 'paddings' : 'pads';
    const pads = [...ctx.attrs.required(name, 'ints')];
    if (pads.length !== 2 * rank) return ctx.fail(`${name} has ${pads.length} values; the input has rank ${rank}, so ${2 * rank} are needed`);
    return pads;
  }
  if (!inputs[1]) return ctx.fail('input 1 (pads) is missing');
  const given = readInts(inputs[1]);
  const axes = inputs[3] ? readInts(inputs[3]).map((a) => normalizeAxis(a, rank, ctx)) : [...Array(rank).keys()];
  if (given.length !== 2 * axes.length) return ctx.fail(`pads has ${given.length} values for ${axes.length} axes; ${2 * axes.length} are needed`);
  const pads = new Array<number>(2 * rank).fill(0);
  axes.forEach((a, i) => {
    pads[a] = given[i]!;
    pads[a + rank] = given[i + axes.length]!;
  });
  return pads;
}

export const pad: Kernel = (inputs, ctx) => {
  const x = inputs[0];
  if (!x) return ctx.fail('input 0 (data) is missing');
  const mode = ctx.attrs.string('mode', 'constant') as Mode;
  if (!['constant', 'reflect', 'edge', 'wrap'].includes(mode)) return ctx.fail(`mode "${mode}" is not constant, reflect, edge or wrap`);
  const rank = x.dims.length;
  const pads = padsOf(inputs, rank, ctx);
  const outDims = x.dims.map((d, a) => d + pads[a]! + pads[a + rank]!);
  if (outDims.some((d) => d < 0)) return ctx.fail(`pads [${pads.join(',')}] crop more than the input [${x.dims.join(',')}] holds`);
  if (mode !== 'constant' && x.dims.some((d, a) => d === 0 && outDims[a]! > 0)) return ctx.fail(`${mode} padding of an empty axis`);
  // Per axis: the input offset (index · stride) each output index reads, -1 for the constant.
  const maps: Int32Array[] = [];
  for (let a = rank - 1, stride = 1; a >= 0; a--) {
    const m = new Int32Array(outDims[a]!);
    for (let o = 0; o < m.length; o++) {
      const i = sourceIndex(mode, o, pads[a]!, x.dims[a]!);
      m[o] = i < 0 ? -1 : i * stride;
    }
    maps[a] = m;
    stride *= x.dims[a]!;
  }
  const type = isFloatType(x.type) && x.type !== 'float16' ? ctx.floatStorage(x.type) : x.type;
  const out = allocateData(type, elementCount(outDims));
  const src = x.data as unknown as ArrayLike<number | bigint>;
  const dst = out as unknown as { [i: number]: number | bigint; fill(v: never): void };
  const value = inputs[2] && inputs[2].data.length > 0 ? inputs[2].data[0]! : ctx.opset < 11 ? ctx.attrs.float('value', 0) : 0;
  const fill = typeof src[0] === 'bigint' || out instanceof BigInt64Array || out instanceof BigUint64Array ? BigInt(value) : Number(value);
  if (rank === 0) {
    if (src.length) dst[0] = src[0]!;
    return [{ type, dims: outDims, data: out }];
  }
  const coord = new Array<number>(rank).fill(0);
  const total = out.length;
  for (let o = 0; o < total; o++) {
    let offset = 0;
    for (let a = 0; a < rank; a++) {
      const m = maps[a]![coord[a]!]!;
      if (m < 0) { offset = -1; break; }
      offset += m;
    }
    dst[o] = offset < 0 ? fill : src[offset]!;
    for (let a = rank - 1; a >= 0; a--) {
      if (++coord[a]! < outDims[a]!) break;
      coord[a] = 0;
    }
  }
  return [{ type, dims: outDims, data: out }];
};

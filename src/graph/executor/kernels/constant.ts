/** Constant (every value_* attribute) and ConstantOfShape. */
import { castTensor } from '../cast.js';
import { elementCount, isFloatType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { readInts, tensorOf } from './tensor-values.js';

/** A float tensor moved to the device's float storage. */
export function inFloatStorage(t: HostTensor, ctx: KernelContext): HostTensor {
  return isFloatType(t.type) ? castTensor(t, ctx.floatStorage(t.type)) : t;
}

export const constant: Kernel = (_inputs, ctx) => {
  const { attrs } = ctx;
  const given = attrs.names();
  if (given.length !== 1) return ctx.fail(`needs exactly one value attribute, got ${given.length ? given.join(', ') : 'none'}`);
  const tensor = attrs.tensor('value');
  if (tensor) return [inFloatStorage(tensor, ctx)];
  const f = attrs.float('value_float');
  if (f !== undefined) return [inFloatStorage(tensorOf('float32', [], Float32Array.of(f)), ctx)];
  const fs = attrs.floats('value_floats');
  if (fs) return [inFloatStorage(tensorOf('float32', [fs.length], Float32Array.from(fs)), ctx)];
  const i = attrs.int('value_int');
  if (i !== undefined) return [tensorOf('int64', [], BigInt64Array.of(BigInt(i)))];
  const is = attrs.ints('value_ints');
  if (is) return [tensorOf('int64', [is.length], BigInt64Array.from(is, (v) => BigInt(v)))];
  return ctx.fail(`attribute "${given[0]}" is not supported (strings and sparse tensors are not)`);
};

/** A tensor of shape `input` filled with `value`'s one element (default float32 0). */
export const constantOfShape: Kernel = ([shape], ctx) => {
  if (!shape) return ctx.fail('input is required');
  const dims = readInts(shape);
  if (dims.some((d) => d < 0)) return ctx.fail(`shape [${dims.join(',')}] has a negative size`);
  const value = ctx.attrs.tensor('value') ?? tensorOf('float32', [1], Float32Array.of(0));
  if (value.data.length !== 1) return ctx.fail(`value must hold one element, got ${value.data.length}`);
  const stored = inFloatStorage(value, ctx);
  const out = tensorOf(stored.type, dims);
  if (elementCount(dims) > 0) (out.data as Float32Array).fill(stored.data[0] as number);
  if (typeof stored.data[0] === 'bigint') (out.data as BigInt64Array).fill(stored.data[0]);
  return [out];
};

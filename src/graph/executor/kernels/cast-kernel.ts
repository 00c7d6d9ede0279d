/** Cast and CastLike: any supported element type to any other, values as numpy's astype gives them. */
import { castTensor, roundToPrecision } from '../cast.js';
import { isFloatType, type ElementType, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { elementTypeOfCode } from './tensor-values.js';

/** `x` as logical type `to`, stored as the device keeps that type (a float32 on the reference device is a float64 rounded to float32). */
export function castTo(x: HostTensor, to: ElementType, ctx: KernelContext): HostTensor {
  if (!isFloatType(to)) return castTensor(x, to);
  const storage = ctx.floatStorage(to);
  const cast = castTensor(x, storage);
  return storage === to ? cast : roundToPrecision(cast, to);
}

export const cast: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const code = ctx.attrs.required('to', 'int');
  const to = elementTypeOfCode(code, ctx, 'to');
  return [castTo(x, to, ctx)];
};

export const castLike: Kernel = ([x, like], ctx) => {
  if (!x || !like) return ctx.fail('needs input and target_type');
  return [castTo(x, like.type, ctx)];
};

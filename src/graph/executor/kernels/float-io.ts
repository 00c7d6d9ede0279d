/**
 * Inputs and outputs of the float kernels (Conv, pools, norms, Gemm, MatMul, Softmax):
 * the data is a Float32Array or a Float64Array (the reference device hands float32
 * values over as float64), and results are stored in the device's float storage type.
 */
import { allocateData, elementCount, type ElementType, type HostTensor } from '../../host-tensor.js';
import type { KernelContext } from '../kernel.js';

export type FloatArray = Float32Array | Float64Array;

export interface FloatTensor extends HostTensor {
  readonly data: FloatArray;
}

function isFloatTensor(t: HostTensor): t is FloatTensor {
  return t.data instanceof Float32Array || t.data instanceof Float64Array;
}

/** Input `index` (`role` names it in errors), which must be present and float32/float64. */
export function floatInput(inputs: readonly (HostTensor | undefined)[], index: number, role: string, ctx: KernelContext): FloatTensor {
  const t = inputs[index];
  if (!t) return ctx.fail(`input ${index} (${role}) is missing`);
  if (!isFloatTensor(t)) return ctx.fail(`input ${index} (${role}) is ${t.type}; this op takes float32 or float64`);
  return t;
}

/** Like floatInput, but an omitted optional input is undefined. */
export function optionalFloatInput(inputs: readonly (HostTensor | undefined)[], index: number, role: string, ctx: KernelContext): FloatTensor | undefined {
  return inputs[index] ? floatInput(inputs, index, role, ctx) : undefined;
}

/** A zero-filled result of `dims`, stored as this device stores `type`. */
export function floatOutput(ctx: KernelContext, type: ElementType, dims: readonly number[]): FloatTensor {
  const storage = ctx.floatStorage(type);
  return { type: storage, dims: [...dims], data: allocateData(storage, elementCount(dims)) as FloatArray };
}

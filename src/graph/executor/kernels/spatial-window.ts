/**
 * Sliding-window geometry shared by Conv, ConvTranspose's input side, MaxPool and
 * AveragePool: strides, dilations, pads and auto_pad resolved into begin/end padding and
 * an output size per spatial axis, as the ONNX operator definitions give them. Kernels
 * then run on 3 spatial axes: 1-D and 2-D windows are lifted with leading size-1 axes.
 */
import type { KernelContext } from '../kernel.js';

export interface SpatialWindow {
  readonly input: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padsBegin: readonly number[];
  readonly padsEnd: readonly number[];
  readonly output: readonly number[];
}

/** Attribute `name` with one value per axis (`count`), `fallback` for each when absent or empty. */
export function spatialInts(ctx: KernelContext, name: string, count: number, fallback: number): number[] {
  const values = [...ctx.attrs.ints(name, [])];
  if (values.length === 0) return new Array<number>(count).fill(fallback);
  if (values.length !== count) return ctx.fail(`${name} has ${values.length} values for ${count} spatial axes`);
  return values;
}

/**
 * Resolves the window of `kernel` over `input` (spatial sizes) from the node's
 * auto_pad / pads / strides / dilations. `ceilMode` (pools) rounds the output size up,
 * dropping a last window that would start in the end padding (as PyTorch and
 * onnxruntime do).
 */
export function resolveWindow(ctx: KernelContext, input: readonly number[], kernel: readonly number[], ceilMode = false): SpatialWindow {
  const n = input.length;
  if (kernel.length !== n) return ctx.fail(`kernel_shape has ${kernel.length} values for ${n} spatial axes`);
  const strides = spatialInts(ctx, 'strides', n, 1);
  const dilations = spatialInts(ctx, 'dilations', n, 1);
  if ([...strides, ...dilations, ...kernel].some((v) => !Number.isInteger(v) || v < 1))
    return ctx.fail(`kernel_shape ${JSON.stringify(kernel)}, strides ${JSON.stringify(strides)} and dilations ${JSON.stringify(dilations)} must be positive`);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  const padsBegin = new Array<number>(n).fill(0);
  const padsEnd = new Array<number>(n).fill(0);
  const output = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const extent = (kernel[i]! - 1) * dilations[i]! + 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      output[i] = Math.ceil(input[i]! / strides[i]!);
      const total = Math.max(0, (output[i]! - 1) * strides[i]! + extent - input[i]!);
      const small = Math.floor(total / 2);
      padsBegin[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      padsEnd[i] = total - padsBegin[i]!;
    } else if (autoPad === 'VALID') {
      output[i] = Math.floor((input[i]! - extent) / strides[i]!) + 1;
    } else if (autoPad === 'NOTSET') {
      const pads = spatialInts(ctx, 'pads', 2 * n, 0);
      padsBegin[i] = pads[i]!;
      padsEnd[i] = pads[i + n]!;
      const span = input[i]! + padsBegin[i]! + padsEnd[i]! - extent;
      output[i] = (ceilMode ? Math.ceil(span / strides[i]!) : Math.floor(span / strides[i]!)) + 1;
      if (ceilMode && (output[i]! - 1) * strides[i]! >= input[i]! + padsBegin[i]!) output[i]!--;
    } else {
      return ctx.fail(`auto_pad "${autoPad}" is not NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
    }
    if (output[i]! < 1)
      return ctx.fail(`window of ${extent} (kernel ${kernel[i]}, dilation ${dilations[i]}) does not fit spatial axis ${i} of size ${input[i]} with pads ${padsBegin[i]},${padsEnd[i]}`);
  }
  return { input, kernel, strides, dilations, padsBegin, padsEnd, output };
}

/** The values for 3 spatial axes: 1-D and 2-D lists get leading `fill`s. */
export function lift3(values: readonly number[], fill: number): [number, number, number] {
  const v = [...new Array<number>(3 - values.length).fill(fill), ...values];
  return [v[0]!, v[1]!, v[2]!];
}

/** The spatial rank of an [N, C, ...spatial] tensor, checked to be 1..3. */
export function spatialRank(dims: readonly number[], role: string, ctx: KernelContext): number {
  const rank = dims.length - 2;
  if (rank < 1 || rank > 3) return ctx.fail(`${role} has rank ${dims.length}; expected [N, C, ...] with 1 to 3 spatial axes`);
  return rank;
}

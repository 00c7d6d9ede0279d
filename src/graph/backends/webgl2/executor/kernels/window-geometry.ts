/**
 * Where a sliding window (Conv, ConvTranspose's forward twin, MaxPool,
 * AveragePool) sits over each spatial axis: kernel, strides, dilations, the pads
 * before and after (explicit `pads` or `auto_pad`), and the output size, with
 * ONNX's attribute names and defaults.
 */
import type { KernelContext } from '../../../../executor/kernel.js';

export interface WindowGeometry {
  readonly input: readonly number[];
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly padsBegin: readonly number[];
  readonly padsEnd: readonly number[];
  readonly output: readonly number[];
}

export function windowGeometry(
  ctx: KernelContext,
  input: readonly number[],
  kernel: readonly number[],
  ceilMode = false,
): WindowGeometry {
  const rank = input.length;
  const ones = new Array<number>(rank).fill(1);
  const strides = ctx.attrs.ints('strides', ones);
  const dilations = ctx.attrs.ints('dilations', ones);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  const pads = ctx.attrs.ints('pads', new Array<number>(2 * rank).fill(0));
  if (kernel.length !== rank || strides.length !== rank || dilations.length !== rank || pads.length !== 2 * rank) {
    ctx.fail(`kernel_shape, strides, dilations and pads must cover ${rank} spatial axes`);
  }
  const padsBegin: number[] = [];
  const padsEnd: number[] = [];
  const output: number[] = [];
  for (let i = 0; i < rank; i++) {
    const span = (kernel[i]! - 1) * dilations[i]! + 1;
    const s = strides[i]!;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      const out = Math.ceil(input[i]! / s);
      const total = Math.max(0, (out - 1) * s + span - input[i]!);
      const small = Math.floor(total / 2);
      padsBegin.push(autoPad === 'SAME_UPPER' ? small : total - small);
      padsEnd.push(autoPad === 'SAME_UPPER' ? total - small : small);
      output.push(out);
      continue;
    }
    if (autoPad !== 'NOTSET' && autoPad !== 'VALID') return ctx.fail(`auto_pad "${autoPad}" is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
    const begin = autoPad === 'VALID' ? 0 : pads[i]!;
    const end = autoPad === 'VALID' ? 0 : pads[i + rank]!;
    const room = input[i]! + begin + end - span;
    let out = (ceilMode ? Math.ceil(room / s) : Math.floor(room / s)) + 1;
    // ceil_mode never starts a window in the end padding (PyTorch and onnxruntime agree).
    if (ceilMode && (out - 1) * s >= input[i]! + begin) out--;
    padsBegin.push(begin);
    padsEnd.push(end);
    output.push(Math.max(0, out));
  }
  return { input, kernel, strides, dilations, padsBegin, padsEnd, output };
}

/** A key naming every number of the geometry, for program caches. */
export function geometryKey(g: WindowGeometry): string {
  return [g.input, g.kernel, g.strides, g.dilations, g.padsBegin, g.padsEnd, g.output].map((v) => v.join(',')).join('|');
}

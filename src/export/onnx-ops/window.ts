/**
 * Kernel/stride/pads attributes shared by Conv and MaxPool, including `auto_pad`
 * (NOTSET uses `pads`; VALID means none; SAME_UPPER/SAME_LOWER pad so that
 * out = ceil(in / stride), the odd pixel going after resp. before).
 */
import type { WindowGeometry } from './chain-builder.js';
import type { NodeContext } from './types.js';

function pair(ctx: NodeContext, name: string, values: number[], positive: boolean): [number, number] {
  if (values.length !== 2 || !values.every((v) => (positive ? v > 0 : v >= 0))) {
    ctx.fail(`${name}=${JSON.stringify(values)} must be two ${positive ? 'positive' : 'non-negative'} integers (2-D images)`);
  }
  return [values[0]!, values[1]!];
}

export function windowGeometry(ctx: NodeContext, spatial: [number, number], kernel: [number, number]): WindowGeometry {
  const stride = pair(ctx, 'strides', ctx.attrs.ints('strides', [1, 1]), true);
  const dilations = ctx.attrs.ints('dilations', [1, 1]);
  if (!dilations.every((d) => d === 1)) ctx.fail(`dilations=${JSON.stringify(dilations)} not supported (only 1)`);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && ctx.attrs.has('pads')) ctx.fail(`auto_pad=${autoPad} cannot be combined with pads`);
  switch (autoPad) {
    case 'NOTSET': {
      const pads = ctx.attrs.ints('pads', [0, 0, 0, 0]);
      if (pads.length !== 4 || !pads.every((p) => p >= 0)) ctx.fail(`pads=${JSON.stringify(pads)} must be four non-negative integers`);
      return { kernel, stride, pads: pads as [number, number, number, number] };
    }
    case 'VALID':
      return { kernel, stride, pads: [0, 0, 0, 0] };
    case 'SAME_UPPER':
    case 'SAME_LOWER': {
      const begin: number[] = [];
      const end: number[] = [];
      for (let axis = 0; axis < 2; axis++) {
        const size = spatial[axis]!;
        const total = Math.max(0, (Math.ceil(size / stride[axis]!) - 1) * stride[axis]! + kernel[axis]! - size);
        const small = Math.floor(total / 2);
        begin.push(autoPad === 'SAME_UPPER' ? small : total - small);
        end.push(autoPad === 'SAME_UPPER' ? total - small : small);
      }
      return { kernel, stride, pads: [begin[0]!, begin[1]!, end[0]!, end[1]!] };
    }
    default:
      return ctx.fail(`auto_pad="${autoPad}" is not an ONNX padding mode`);
  }
}

export function kernelShape(ctx: NodeContext, fallback: number[] | null): [number, number] {
  if (!ctx.attrs.has('kernel_shape') && fallback === null) ctx.fail('kernel_shape is required');
  return pair(ctx, 'kernel_shape', ctx.attrs.ints('kernel_shape', fallback ?? []), true);
}

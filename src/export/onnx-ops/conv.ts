/** Conv → conv2d layer (2-D, group 1, dilation 1; weight [O,C,kh,kw] as PyTorch stores it). */
import { formatShape } from '../../graph/format-shape.js';
import type { OpDefinition } from './types.js';
import { kernelShape, windowGeometry } from './window.js';

export const Conv: OpDefinition = {
  since: 1,
  inputs: [2, 3],
  outputs: [1, 1],
  attributes: {
    auto_pad: { kind: 'string' },
    dilations: { kind: 'ints' },
    group: { kind: 'int' },
    kernel_shape: { kind: 'ints' },
    pads: { kind: 'ints' },
    strides: { kind: 'ints' },
  },
  importNode(ctx) {
    const x = ctx.activation(0);
    if (x.shape.length !== 3) ctx.fail(`needs a 4-D [N,C,H,W] input, got ${formatShape(['N', ...x.shape])}`);
    const group = ctx.attrs.int('group', 1);
    if (group !== 1) ctx.fail(`group=${group} (grouped or depthwise convolution) is not supported`);
    const w = ctx.floats(1);
    if (w.dims.length !== 4) ctx.fail(`weight must be 4-D [O,C,kh,kw], got ${formatShape(w.dims)}`);
    const [outChannels, inChannels, kh, kw] = w.dims as [number, number, number, number];
    if (inChannels !== x.shape[0]) ctx.fail(`weight expects ${inChannels} input channels, the input has ${x.shape[0]}`);
    const kernel = kernelShape(ctx, [kh, kw]);
    if (kernel[0] !== kh || kernel[1] !== kw) ctx.fail(`kernel_shape ${formatShape(kernel)} disagrees with the weight ${formatShape(w.dims)}`);
    let bias: Float32Array | null = null;
    if (ctx.input(2)) {
      const b = ctx.floats(2);
      if (b.dims.length !== 1 || b.dims[0] !== outChannels) ctx.fail(`bias must be [${outChannels}], got ${formatShape(b.dims)}`);
      bias = b.data;
    }
    const geometry = windowGeometry(ctx, [x.shape[1]!, x.shape[2]!], kernel);
    return [ctx.chain.addConv(x, geometry, { shape: w.dims, data: w.data }, bias, ctx.label)];
  },
};

/** MaxPool → maxpool2d layer (2-D, dilation 1, with ceil_mode; the optional Indices output is not supported). */
import { formatShape } from '../../graph/format-shape.js';
import type { OpDefinition } from './types.js';
import { kernelShape, windowGeometry } from './window.js';

export const MaxPool: OpDefinition = {
  since: 1,
  inputs: [1, 1],
  outputs: [1, 2],
  attributes: {
    auto_pad: { kind: 'string' },
    ceil_mode: { kind: 'int', since: 10 },
    dilations: { kind: 'ints', since: 10 },
    kernel_shape: { kind: 'ints' },
    pads: { kind: 'ints' },
    storage_order: { kind: 'int', since: 8 },
    strides: { kind: 'ints' },
  },
  importNode(ctx) {
    const x = ctx.activation(0);
    if (x.shape.length !== 3) ctx.fail(`needs a 4-D [N,C,H,W] input, got ${formatShape(['N', ...x.shape])}`);
    const kernel = kernelShape(ctx, null);
    const geometry = windowGeometry(ctx, [x.shape[1]!, x.shape[2]!], kernel);
    const ceilMode = ctx.attrs.int('ceil_mode', 0);
    if (ceilMode !== 0 && ceilMode !== 1) ctx.fail(`ceil_mode=${ceilMode} must be 0 or 1`);
    return [ctx.chain.addMaxPool(x, geometry, ceilMode === 1, ctx.label)];
  },
};

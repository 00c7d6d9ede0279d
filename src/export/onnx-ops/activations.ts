/** Relu, Sigmoid and Softmax → their layers; Identity passes its input through. */
import { formatShape } from '../../graph/format-shape.js';
import type { OpDefinition } from './types.js';

export const Relu: OpDefinition = {
  since: 1,
  inputs: [1, 1],
  outputs: [1, 1],
  attributes: {},
  importNode: (ctx) => [ctx.chain.addElementwise(ctx.activation(0), 'relu', ctx.label)],
};

export const Sigmoid: OpDefinition = {
  since: 1,
  inputs: [1, 1],
  outputs: [1, 1],
  attributes: {},
  importNode: (ctx) => [ctx.chain.addElementwise(ctx.activation(0), 'sigmoid', ctx.label)],
};

export const Softmax: OpDefinition = {
  since: 1,
  inputs: [1, 1],
  outputs: [1, 1],
  attributes: { axis: { kind: 'int' } },
  importNode(ctx) {
    const x = ctx.activation(0);
    if (x.shape.length !== 1) ctx.fail(`only softmax over the classes of a 2-D [N,classes] input is supported, got ${formatShape(['N', ...x.shape])}`);
    // The default axis changed from 1 to -1 in opset 13; on [N,classes] both mean the classes.
    const axis = ctx.attrs.int('axis', ctx.opset >= 13 ? -1 : 1);
    if (axis !== 1 && axis !== -1) ctx.fail(`axis=${axis} would normalise across the batch`);
    return [ctx.chain.addElementwise(x, 'softmax', ctx.label)];
  },
};

export const Identity: OpDefinition = {
  since: 1,
  inputs: [1, 1],
  outputs: [1, 1],
  attributes: {},
  importNode(ctx) {
    const value = ctx.input(0);
    if (!value) return ctx.fail('missing input');
    return [value];
  },
};

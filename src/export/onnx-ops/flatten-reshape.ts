/**
 * Flatten and Reshape → flatten layer. Only reshapes that keep the batch dimension and
 * flatten the rest ([N,…] → [N,features]) are layers the engine runs; a Reshape to the
 * shape it already has is a no-op. Reshape's constant `shape` may use 0 (copy the input
 * dim, unless allowzero) and one -1 (inferred).
 */
import { formatShape } from '../../graph/format-shape.js';
import type { ActivationValue } from './activation-value.js';
import { elementCount } from '../chain-shapes.js';
import type { NodeContext, OpDefinition, Value } from './types.js';

export const Flatten: OpDefinition = {
  since: 1,
  inputs: [1, 1],
  outputs: [1, 1],
  attributes: { axis: { kind: 'int' } },
  importNode(ctx) {
    const x = ctx.activation(0);
    const rank = x.shape.length + 1;
    const axis = ctx.attrs.int('axis', 1);
    if ((axis < 0 ? axis + rank : axis) !== 1) ctx.fail(`axis=${axis} does not keep the batch dimension apart (need axis 1)`);
    return [ctx.chain.addElementwise(x, 'flatten', ctx.label)];
  },
};

/** The per-sample shape a Reshape target means, or a failure naming what it would do instead. */
function reshapeTarget(ctx: NodeContext, x: ActivationValue, target: number[], allowZero: boolean): number[] {
  const full = [x.batch, ...x.shape];
  const resolved: (number | 'batch')[] = target.map((d, i) => {
    if (d === 0 && !allowZero) {
      if (i >= full.length) ctx.fail(`shape ${formatShape(target)}: 0 at position ${i} has no input dim to copy`);
      return i === 0 ? 'batch' : (full[i] as number);
    }
    if (d < -1 || (d === 0 && allowZero)) ctx.fail(`shape ${formatShape(target)} has an invalid or zero-size dimension`);
    return d;
  });
  if (resolved.filter((d) => d === -1).length > 1) ctx.fail(`shape ${formatShape(target)} has more than one -1`);
  if (resolved.length < 1) ctx.fail('reshape to a scalar drops the batch');
  const sampleSize = elementCount(x.shape);
  const [first, ...rest] = resolved as [number | 'batch', ...number[]];
  if (first === -1) {
    // Batch inferred: only batch-preserving when the rest holds exactly one sample.
    if (elementCount(rest) !== sampleSize) ctx.fail(`shape ${formatShape(target)} mixes samples of ${formatShape(['N', ...x.shape])}`);
    return rest;
  }
  if (first !== 'batch' && first !== x.batch) {
    ctx.fail(`shape ${formatShape(target)} fixes the batch to ${first} but the input batch is ${x.batch ?? 'unknown'}`);
  }
  const known = elementCount(rest.filter((d) => d !== -1));
  if (rest.includes(-1)) {
    if (known === 0 || sampleSize % known !== 0) ctx.fail(`shape ${formatShape(target)} cannot hold ${formatShape(['N', ...x.shape])}`);
    return rest.map((d) => (d === -1 ? sampleSize / known : d));
  }
  if (known !== sampleSize) ctx.fail(`shape ${formatShape(target)} cannot hold ${formatShape(['N', ...x.shape])}`);
  return rest;
}

export const Reshape: OpDefinition = {
  since: 5,
  inputs: [2, 2],
  outputs: [1, 1],
  attributes: { allowzero: { kind: 'int', since: 14 } },
  importNode(ctx) {
    const x = ctx.activation(0);
    const shape = ctx.ints(1);
    if (shape.dims.length !== 1) ctx.fail(`shape input must be 1-D, got ${formatShape(shape.dims)}`);
    const target = reshapeTarget(ctx, x, shape.data, ctx.attrs.int('allowzero', 0) !== 0);
    if (formatShape(target) === formatShape(x.shape)) return [{ ...x, consumer: null } as Value];
    if (target.length === 1) return [ctx.chain.addElementwise(x, 'flatten', ctx.label)];
    return ctx.fail(`reshape ${formatShape(['N', ...x.shape])} → ${formatShape(['N', ...target])} is not a flatten; only [N,…] → [N,features] is supported`);
  },
};

/**
 * A point along the layer chain while importing: what the chain builder produces and the
 * op table passes around (its own file so chain-builder.ts and types.ts need not import
 * each other).
 */
import type { SampleShape } from '../chain-shapes.js';

/** The batch dimension as declared on the graph input: fixed size, symbolic name or unknown. */
export type BatchDim = number | string | null;

/** A tensor computed from the model input, i.e. a point along the layer chain. */
export interface ActivationValue {
  kind: 'activation';
  /** Per-sample shape (batch excluded). */
  shape: SampleShape;
  batch: BatchDim;
  /** Index of the layer that produced it; -1 for the graph input. */
  layer: number;
  /** Label of the node that consumed it: the chain may not branch. */
  consumer: string | null;
}

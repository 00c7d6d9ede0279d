/**
 * The contract between the ONNX reader and its op table: what a value in the graph is
 * while importing, and what an op definition provides.
 */
import type { TensorProto } from '../onnx-proto.js';
import type { FloatTensor, IntTensor } from '../tensor-data.js';
import type { AttrSchema, Attributes } from './attributes.js';
import type { ActivationValue } from './activation-value.js';
import type { ChainBuilder } from './chain-builder.js';

/** An initializer or Constant output; decoded only when an op needs its numbers. */
export interface ConstantValue {
  kind: 'constant';
  tensor: TensorProto;
}

export type Value = ActivationValue | ConstantValue;

/** What an op's importer sees of its node. */
export interface NodeContext {
  /** `node "name" (OpType)`, for messages. */
  readonly label: string;
  /** The model's default-domain opset. */
  readonly opset: number;
  readonly attrs: Attributes;
  readonly chain: ChainBuilder;
  /** Input `i`, or undefined when the optional input is omitted. */
  input(i: number): Value | undefined;
  /** Input `i` as the chain's activation (claims it: a second consumer is an error). */
  activation(i: number): ActivationValue;
  /** Input `i` as a constant float tensor. */
  floats(i: number): FloatTensor;
  /** Input `i` as a constant integer tensor. */
  ints(i: number): IntTensor;
  /** Throw a one-line ToolError naming the file and node. */
  fail(message: string): never;
}

export interface OpDefinition {
  /** First opset of the default domain that has this op. */
  since: number;
  /** Allowed input / output counts, [min, max]. */
  inputs: [number, number];
  outputs: [number, number];
  /** Attribute names and types as in the ONNX operator docs. */
  attributes: Record<string, AttrSchema>;
  /** Turn the node into layers (or pass values through); one value per node output. */
  importNode(ctx: NodeContext): Value[];
}

/**
 * The graph the executor runs: nodes over named values, as ONNX has them, with no
 * protobuf in sight (src/export/onnx-graph-reader.ts builds it from a model file).
 * A chain like LeNet is one case of it; branches, several inputs and outputs, int64 and
 * bool values are others.
 */
import type { ElementType, HostTensor } from '../host-tensor.js';

/** A dimension: a size, a symbolic name (`batch`), or null when unknown. */
export type Dim = number | string | null;

export interface ValueInfo {
  readonly name: string;
  /** null when the model does not declare it (or declares a type we do not carry). */
  readonly type: ElementType | null;
  /** null when the model declares no shape. */
  readonly dims: readonly Dim[] | null;
}

export type AttributeValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'tensor'; readonly value: HostTensor };

export type AttributeKind = AttributeValue['kind'];

export interface ExecNode {
  /** The node's name, or `#index` when the model leaves it empty. */
  readonly name: string;
  readonly opType: string;
  /** '' for the default ONNX domain. */
  readonly domain: string;
  /** Value names; '' marks an omitted optional input. */
  readonly inputs: readonly string[];
  /** Value names; '' marks an output the model does not use. */
  readonly outputs: readonly string[];
  readonly attributes: ReadonlyMap<string, AttributeValue>;
}

export interface ExecGraph {
  /** Graph inputs the caller feeds (initializers excluded). */
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly initializers: ReadonlyMap<string, HostTensor>;
  /** In the model's order (ONNX requires a topological one; the planner checks it). */
  readonly nodes: readonly ExecNode[];
  /** Opset of the default domain. */
  readonly opset: number;
}

/** `node "name" (OpType)`, how every message names a node. */
export function nodeLabel(node: Pick<ExecNode, 'name' | 'opType'>): string {
  return `node "${node.name}" (${node.opType})`;
}

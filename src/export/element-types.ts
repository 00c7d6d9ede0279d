/**
 * The element type of every value a graph computes, as far as bisection needs it: what
 * the graph declares (inputs, initializers, value_info, outputs), else a rule per op
 * (Shape gives int64, Cast gives its `to`, comparisons give bool, …), else the type of
 * the node's first input — true for the arithmetic, pooling and activation ops of
 * image classifiers. Used to expose only float tensors (ORT refuses a graph output
 * declared with the wrong type).
 */
import { DataType, int64ToNumber, type AttributeProto, type GraphProto, type NodeProto } from './onnx-proto.js';

const INT64_OUTPUTS = new Set(['Shape', 'Size', 'NonZero', 'ArgMax', 'ArgMin', 'NonMaxSuppression']);
const BOOL_OUTPUTS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
/** Ops whose second output holds indices. */
const INDEX_SECOND_OUTPUT = new Set(['MaxPool', 'TopK', 'Unique']);

function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

function constantType(node: NodeProto): number {
  const value = attribute(node, 'value');
  if (value?.t) return value.t.dataType ?? 0;
  if (attribute(node, 'value_float') || attribute(node, 'value_floats')) return DataType.FLOAT;
  if (attribute(node, 'value_int') || attribute(node, 'value_ints')) return DataType.INT64;
  return 0;
}

function outputType(node: NodeProto, position: number, types: Map<string, number>, where: string): number {
  const op = node.opType ?? '';
  if (position === 1 && INDEX_SECOND_OUTPUT.has(op)) return DataType.INT64;
  if (INT64_OUTPUTS.has(op)) return DataType.INT64;
  if (BOOL_OUTPUTS.has(op)) return DataType.BOOL;
  if (op === 'Constant') return constantType(node);
  if (op === 'ConstantOfShape') return attribute(node, 'value')?.t?.dataType ?? DataType.FLOAT;
  if (op === 'Cast') return int64ToNumber(attribute(node, 'to')?.i, `${where}: Cast "to"`);
  // The condition / indices come first; the values decide the type.
  if (op === 'Where') return types.get(node.input?.[1] ?? '') ?? 0;
  if (op === 'OneHot') return types.get(node.input?.[2] ?? '') ?? 0;
  const first = (node.input ?? []).find((name) => name !== '');
  return first === undefined ? 0 : (types.get(first) ?? 0);
}

/** Element type (ONNX DataType) of every named value of `graph`; 0 where it cannot be told. */
export function elementTypes(graph: GraphProto, where: string): Map<string, number> {
  const types = new Map<string, number>();
  for (const info of [...(graph.input ?? []), ...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const elem = info.type?.tensorType?.elemType;
    if (info.name && elem) types.set(info.name, elem);
  }
  for (const t of graph.initializer ?? []) if (t.name) types.set(t.name, t.dataType ?? 0);
  for (const node of graph.node ?? []) {
    (node.output ?? []).forEach((name, position) => {
      if (name && !types.has(name)) types.set(name, outputType(node, position, types, where));
    });
  }
  return types;
}

/**
 * An ExecGraph as it crosses the page bridge to engine-webgl2's page: Maps become entry
 * lists and every tensor (initializers, tensor attributes) a WireTensor, so the graph
 * read in Node — external data included, which a page could not read — arrives whole.
 */
import type { AttributeValue, ExecGraph, ExecNode, ValueInfo } from '../../../graph/executor/graph-ir.js';
import { fromWire, toWire, type WireTensor } from './wire-tensor.js';

type WireAttribute = Exclude<AttributeValue, { kind: 'tensor' }> | { kind: 'tensor'; value: WireTensor };

export interface WireNode extends Omit<ExecNode, 'attributes'> {
  attributes: [string, WireAttribute][];
}

export interface WireGraph {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  initializers: [string, WireTensor][];
  nodes: WireNode[];
  opset: number;
}

export function graphToWire(g: ExecGraph): WireGraph {
  return {
    inputs: [...g.inputs],
    outputs: [...g.outputs],
    initializers: [...g.initializers].map(([name, t]) => [name, toWire(t)]),
    nodes: g.nodes.map((n) => ({
      ...n,
      attributes: [...n.attributes].map(([name, a]): [string, WireAttribute] => [name, a.kind === 'tensor' ? { kind: 'tensor', value: toWire(a.value) } : a]),
    })),
    opset: g.opset,
  };
}

export function graphFromWire(w: WireGraph): ExecGraph {
  return {
    inputs: w.inputs,
    outputs: w.outputs,
    initializers: new Map(w.initializers.map(([name, t]) => [name, fromWire(t)])),
    nodes: w.nodes.map((n) => ({
      ...n,
      attributes: new Map(n.attributes.map(([name, a]): [string, AttributeValue] => [name, a.kind === 'tensor' ? { kind: 'tensor', value: fromWire(a.value) } : a])),
    })),
    opset: w.opset,
  };
}

/**
 * Load-time analysis of an ExecGraph: a topological order of its nodes, the constants
 * (initializers plus every node whose inputs are all known, folded now: shape
 * arithmetic such as Shape → Gather → Concat → Reshape, Constant, ConstantOfShape,
 * Range, Cast on shapes), and the last step that reads each value so the executor can
 * free it right after.
 */
import { ToolError } from '../../util/errors.js';
import type { ElementType, HostTensor } from '../host-tensor.js';
import { NodeAttributes } from './attributes.js';
import { nodeLabel, type ExecGraph, type ExecNode } from './graph-ir.js';
import { lookupKernel, type KernelContext, type KernelTable } from './kernel.js';

export interface PlanStep {
  readonly node: ExecNode;
  readonly ctx: KernelContext;
}

export interface ExecPlan {
  /** Nodes left to run, in an order where every input is ready before it is read. */
  readonly steps: readonly PlanStep[];
  /** Initializers and folded node outputs, computed once. */
  readonly constants: ReadonlyMap<string, HostTensor>;
}

export function kernelContext(node: ExecNode, opset: number, floatStorage: (type: ElementType) => ElementType): KernelContext {
  const label = nodeLabel(node);
  return {
    label,
    opset,
    attrs: new NodeAttributes(node.attributes, label),
    outputCount: node.outputs.length,
    floatStorage,
    fail(message: string): never {
      throw new ToolError(`${label}: ${message}`);
    },
  };
}

/** Kahn's algorithm, taking ready nodes in model order so a sorted model keeps its order. */
function topologicalOrder(graph: ExecGraph, source: string): ExecNode[] {
  const producer = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const out of node.outputs) {
      if (!out) continue;
      if (producer.has(out) || graph.initializers.has(out) || graph.inputs.some((v) => v.name === out)) {
        throw new ToolError(`${source}: ${nodeLabel(node)} redefines "${out}"`);
      }
      producer.set(out, i);
    }
  });
  const waiting = graph.nodes.map(() => 0);
  const readers = graph.nodes.map((): number[] => []);
  graph.nodes.forEach((node, i) => {
    for (const name of new Set(node.inputs)) {
      if (!name) continue;
      const p = producer.get(name);
      if (p !== undefined) {
        waiting[i]!++;
        readers[p]!.push(i);
      } else if (!graph.initializers.has(name) && !graph.inputs.some((v) => v.name === name)) {
        throw new ToolError(`${source}: ${nodeLabel(node)} reads "${name}", which no node, input or initializer defines`);
      }
    }
  });
  const order: ExecNode[] = [];
  const ready = graph.nodes.map((_, i) => i).filter((i) => waiting[i] === 0);
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    order.push(graph.nodes[i]!);
    for (const r of readers[i]!) if (--waiting[r]! === 0) ready.push(r);
  }
  if (order.length < graph.nodes.length) {
    const stuck = graph.nodes.find((_, i) => waiting[i]! > 0)!;
    throw new ToolError(`${source}: ${nodeLabel(stuck)} is part of a cycle`);
  }
  return order;
}

/**
 * Orders the graph and folds every node whose inputs are all constants with `foldKernels`
 * (host kernels, float32 kept as float32). A node folding cannot run stays a step.
 */
export function planGraph(graph: ExecGraph, foldKernels: KernelTable, floatStorage: (type: ElementType) => ElementType, source = 'model'): ExecPlan {
  const constants = new Map(graph.initializers);
  for (const output of graph.outputs) {
    const defined = constants.has(output.name) || graph.inputs.some((v) => v.name === output.name) || graph.nodes.some((n) => n.outputs.includes(output.name));
    if (!defined) throw new ToolError(`${source}: graph output "${output.name}" is not computed by any node`);
  }
  const steps: PlanStep[] = [];
  const identity = (type: ElementType) => type;
  for (const node of topologicalOrder(graph, source)) {
    const foldable = node.domain === '' && node.inputs.every((name) => !name || constants.has(name));
    const kernel = foldable ? lookupKernel(foldKernels, node.opType, graph.opset) : undefined;
    if (kernel) {
      const outputs = kernel(node.inputs.map((name) => (name ? constants.get(name) : undefined)), kernelContext(node, graph.opset, identity));
      node.outputs.forEach((name, i) => {
        if (name && outputs[i]) constants.set(name, outputs[i]!);
      });
      continue;
    }
    steps.push({ node, ctx: kernelContext(node, graph.opset, floatStorage) });
  }
  return { steps, constants };
}

/** For each value read by a step: the index of the last step that reads it. */
export function lastUses(steps: readonly PlanStep[]): Map<string, number> {
  const last = new Map<string, number>();
  steps.forEach((step, i) => {
    for (const name of step.node.inputs) if (name) last.set(name, i);
  });
  return last;
}

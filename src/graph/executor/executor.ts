/**
 * Runs an ExecGraph on a device: steps in topological order, each intermediate freed
 * right after its last reader. Every op is checked against the device at construction,
 * so a model the device cannot run fails before any input is read, naming the node.
 *
 *   const executor = new GraphExecutor(graph, cpuDevice());
 *   const outputs = await executor.run(new Map([['input', tensor]]));
 */
import { formatShape } from '../format-shape.js';
import { ToolError } from '../../util/errors.js';
import { describeTensor, type HostTensor } from '../host-tensor.js';
import type { DeviceKernel, ExecutionDevice } from './device.js';
import { nodeLabel, type ExecGraph, type ExecNode, type ValueInfo } from './graph-ir.js';
import { clampOf, fuseClamps } from './fuse-clamps.js';
import { BASE_KERNELS } from './kernels/index.js';
import { lastUses, planGraph, type PlanStep } from './plan.js';

interface BoundStep<V> extends PlanStep {
  readonly kernel: DeviceKernel<V>;
}

export class GraphExecutor<V = HostTensor> {
  private readonly steps: readonly BoundStep<V>[];
  private readonly constants = new Map<string, V>();
  private readonly declared = new Map<string, ValueInfo>();
  private readonly schedules = new Map<string, { steps: BoundStep<V>[]; lastUse: Map<string, number> }>();
  /** Bounds of the Relu/Clip steps a clamping Conv may absorb (devices with clampedKernel only). */
  private readonly clamps = new Map<ExecNode, readonly [number, number]>();
  private disposed = false;

  constructor(
    readonly graph: ExecGraph,
    readonly device: ExecutionDevice<V>,
  ) {
    const plan = planGraph(graph, BASE_KERNELS, (type) => device.floatStorage(type));
    this.steps = plan.steps.map((step) => {
      const { node } = step;
      const kernel = node.domain === '' ? device.kernel(node.opType, graph.opset) : undefined;
      if (!kernel) {
        const where = node.domain ? `domain ${node.domain}, opset ${graph.opset}` : `opset ${graph.opset}`;
        throw new ToolError(`${nodeLabel(node)}: not supported by ${device.name} (${where})`);
      }
      return { ...step, kernel };
    });
    for (const [name, tensor] of plan.constants) this.constants.set(name, device.upload(tensor));
    if (device.clampedKernel) {
      for (const { node } of plan.steps) {
        const clamp = clampOf(node, graph.opset, plan.constants);
        if (clamp) this.clamps.set(node, clamp);
      }
    }
    for (const info of [...graph.inputs, ...graph.outputs]) this.declared.set(info.name, info);
  }

  /**
   * Computes `fetches` (default: the graph outputs; any value name works, for bisecting)
   * from `feeds`, one tensor per graph input.
   */
  async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[] = this.graph.outputs.map((o) => o.name)): Promise<Map<string, HostTensor>> {
    if (this.disposed) throw new Error('GraphExecutor: run after dispose');
    for (const name of fetches) {
      const known = this.constants.has(name) || this.declared.has(name) || this.steps.some((step) => step.node.outputs.includes(name));
      if (!name || !known) throw new ToolError(`fetch "${name}" is not a value of the model`);
    }
    const { steps, lastUse } = this.schedule(fetches);
    const values = new Map<string, V>();
    const owned = new Set<string>();
    try {
      for (const input of this.graph.inputs) {
        const tensor = feeds.get(input.name);
        if (!tensor) {
          if (steps.some((s) => s.node.inputs.includes(input.name)) || fetches.includes(input.name)) throw new ToolError(`input "${input.name}" is missing from the feeds`);
          continue;
        }
        checkFeed(input, tensor);
        values.set(input.name, this.device.upload(tensor));
        owned.add(input.name);
      }
      for (const name of feeds.keys()) if (!this.graph.inputs.some((i) => i.name === name)) throw new ToolError(`feed "${name}" is not an input of the model (inputs: ${this.graph.inputs.map((i) => i.name).join(', ') || 'none'})`);
      const keep = new Set(fetches);
      for (const [i, step] of steps.entries()) {
        const inputs = step.node.inputs.map((name) => (name ? (values.get(name) ?? this.constants.get(name)) : undefined));
        const outputs = await runStep(step, inputs);
        step.node.outputs.forEach((name, k) => {
          const out = outputs[k];
          if (!name || !out) {
            if (out) this.device.release(out);
            return;
          }
          values.set(name, out);
          owned.add(name);
        });
        for (const name of new Set(step.node.inputs)) {
          if (name && lastUse.get(name) === i && owned.has(name) && !keep.has(name)) {
            this.device.release(values.get(name)!);
            values.delete(name);
            owned.delete(name);
          }
        }
        for (const name of step.node.outputs) {
          if (name && owned.has(name) && !lastUse.has(name) && !keep.has(name)) {
            this.device.release(values.get(name)!);
            values.delete(name);
            owned.delete(name);
          }
        }
      }
      const results = new Map<string, HostTensor>();
      for (const name of fetches) {
        const value = values.get(name) ?? this.constants.get(name);
        if (value === undefined) throw new ToolError(`fetch "${name}" was not computed`);
        results.set(name, await this.device.download(value, this.declared.get(name)?.type ?? null));
      }
      return results;
    } finally {
      for (const name of owned) this.device.release(values.get(name)!);
    }
  }

  /** Frees the device's copies of the constants. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const value of this.constants.values()) this.device.release(value);
    this.constants.clear();
  }

  /** The steps `fetches` need, and each value's last reader among them (cached per fetch list). */
  private schedule(fetches: readonly string[]) {
    const key = JSON.stringify(fetches);
    let found = this.schedules.get(key);
    if (!found) {
      const needed = new Set(fetches);
      const chosen: BoundStep<V>[] = [];
      for (let i = this.steps.length - 1; i >= 0; i--) {
        const step = this.steps[i]!;
        if (!step.node.outputs.some((name) => name && needed.has(name))) continue;
        chosen.push(step);
        for (const name of step.node.inputs) if (name) needed.add(name);
      }
      chosen.reverse();
      const steps = this.clamps.size === 0 ? chosen : fuseClamps(chosen, new Set(fetches), (s) => this.clamps.get(s.node) ?? null,
        (conv, activation, [lo, hi]) => {
          const kernel = this.device.clampedKernel!(conv.node.opType, this.graph.opset, lo, hi);
          return kernel && { ...conv, node: { ...conv.node, outputs: activation.node.outputs }, kernel };
        });
      found = { steps, lastUse: lastUses(steps) };
      this.schedules.set(key, found);
    }
    return found;
  }
}

/** Runs one step; a kernel's own crash becomes one line naming the node, and missing outputs are caught here. */
async function runStep<V>(step: BoundStep<V>, inputs: readonly (V | undefined)[]): Promise<V[]> {
  let outputs: V[];
  try {
    outputs = await step.kernel(inputs, step.ctx);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError(`${step.ctx.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const missing = step.node.outputs.findIndex((name, k) => name !== '' && outputs[k] === undefined);
  if (missing >= 0) throw new ToolError(`${step.ctx.label}: output ${missing} ("${step.node.outputs[missing]}") is not produced by this op`);
  return outputs;
}

function checkFeed(info: ValueInfo, tensor: HostTensor): void {
  const want = `${info.type ?? 'any type'} ${info.dims ? formatShape(info.dims) : ''}`.trim();
  const wrongType = info.type !== null && tensor.type !== info.type;
  const wrongDims = info.dims !== null && (info.dims.length !== tensor.dims.length || info.dims.some((d, i) => typeof d === 'number' && d !== tensor.dims[i]));
  if (wrongType || wrongDims) throw new ToolError(`input "${info.name}": expected ${want}, got ${describeTensor(tensor)}`);
}

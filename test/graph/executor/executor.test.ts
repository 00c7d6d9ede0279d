/**
 * The executor's own contract, on hand-built graphs: unsupported ops fail at load naming
 * the node, constants fold at load, intermediates are freed after their last reader,
 * any value can be fetched, feeds are checked against the declared inputs.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionDevice } from '../../../src/graph/executor/device.js';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import { referenceDevice } from '../../../src/graph/executor/devices/reference.js';
import { GraphExecutor } from '../../../src/graph/executor/executor.js';
import type { AttributeValue, ExecGraph, ExecNode } from '../../../src/graph/executor/graph-ir.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';

function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): ExecNode {
  return { name: outputs[0]!, opType, domain: '', inputs, outputs, attributes: new Map(Object.entries(attributes)) };
}

const f32 = (dims: number[], values: number[]): HostTensor => ({ type: 'float32', dims, data: Float32Array.from(values) });

/** y = relu(x + b) + x, z = exp(x): a residual branch and a second output. */
const residual: ExecGraph = {
  inputs: [{ name: 'x', type: 'float32', dims: ['n', 2] }],
  outputs: [{ name: 'y', type: 'float32', dims: ['n', 2] }, { name: 'z', type: 'float32', dims: null }],
  initializers: new Map([['b', f32([2], [-1, 1])]]),
  nodes: [node('Add', ['x', 'b'], ['s']), node('Relu', ['s'], ['r']), node('Add', ['r', 'x'], ['y']), node('Exp', ['x'], ['z'])],
  opset: 17,
};

/** Counts device releases to check freeing. */
function counting(device: ExecutionDevice<HostTensor>) {
  const released: HostTensor[] = [];
  return { released, device: { ...device, release: (v: HostTensor) => released.push(v) } };
}

describe('GraphExecutor', () => {
  it('runs a branching graph with two outputs on each device, as float32 results', async () => {
    for (const device of [referenceDevice(), cpuDevice()]) {
      const out = await new GraphExecutor(residual, device).run(new Map([['x', f32([2, 2], [0.5, -2, 3, 0])]]));
      expect(out.get('y')).toEqual(f32([2, 2], [0.5, -2, 5, 1]));
      expect(out.get('z')!.type).toBe('float32');
      expect([...out.get('z')!.data]).toEqual([0.5, -2, 3, 0].map((v) => Math.fround(Math.exp(v))));
    }
  });

  it('frees each intermediate after its last reader and keeps fetched ones', async () => {
    const { released, device } = counting(cpuDevice());
    const executor = new GraphExecutor(residual, device);
    const out = await executor.run(new Map([['x', f32([1, 2], [1, 2])]]), ['s', 'y']);
    expect([...out.keys()]).toEqual(['s', 'y']);
    expect(out.get('s')).toEqual(f32([1, 2], [0, 3]));
    // r is freed after the second Add; x, s and y are released when the run ends; Exp never ran.
    expect(released.length).toBe(4);
    executor.dispose();
    expect(released.length).toBe(5); // the initializer b
  });

  it('refuses an op the device lacks at construction, naming node and op', () => {
    const graph: ExecGraph = { ...residual, nodes: [...residual.nodes, node('FancyOp', ['x'], ['w'])] };
    expect(() => new GraphExecutor(graph, cpuDevice())).toThrow('node "w" (FancyOp): not supported by engine-cpu (opset 17)');
  });

  it('folds shape arithmetic at load: Shape of a constant, Cast, Constant', async () => {
    const graph: ExecGraph = {
      inputs: [{ name: 'x', type: 'float32', dims: [3] }],
      outputs: [{ name: 'y', type: 'float32', dims: [3] }],
      initializers: new Map([['w', f32([3], [1, 2, 3])]]),
      nodes: [
        node('Shape', ['w'], ['shape']),
        node('Cast', ['shape'], ['len'], { to: { kind: 'int', value: 1 } }),
        node('Constant', [], ['one'], { value_float: { kind: 'float', value: 1 } }),
        node('Add', ['len', 'one'], ['four']),
        node('Mul', ['x', 'four'], ['y']),
      ],
      opset: 17,
    };
    const executor = new GraphExecutor(graph, cpuDevice());
    expect((executor as unknown as { steps: unknown[] }).steps.length).toBe(1);
    expect(await executor.run(new Map([['x', f32([3], [1, 2, 3])]]))).toEqual(new Map([['y', f32([3], [4, 8, 12])]]));
  });

  it('checks feeds against the declared inputs', async () => {
    const executor = new GraphExecutor(residual, cpuDevice());
    await expect(executor.run(new Map())).rejects.toThrow('input "x" is missing from the feeds');
    await expect(executor.run(new Map([['x', f32([2], [1, 2])]]))).rejects.toThrow('input "x": expected float32 [n,2], got float32 [2]');
    await expect(executor.run(new Map([['x', f32([1, 2], [1, 2])], ['q', f32([1], [1])]]))).rejects.toThrow('feed "q" is not an input of the model');
  });

  it('names the node when a kernel fails at run time, and refuses an unknown fetch before running', async () => {
    const graph: ExecGraph = {
      ...residual,
      initializers: new Map([...residual.initializers, ['huge', { type: 'int64', dims: [3], data: BigInt64Array.of(100_000n, 100_000n, 2n) }]]),
      nodes: [...residual.nodes, node('Expand', ['x', 'huge'], ['big'])],
      outputs: [...residual.outputs, { name: 'big', type: 'float32', dims: null }],
    };
    const executor = new GraphExecutor(graph, cpuDevice());
    // 2·10^10 floats: JavaScript's own RangeError comes out as one line naming the node.
    await expect(executor.run(new Map([['x', f32([1, 2], [1, 2])]]))).rejects.toThrow(/^node "big" \(Expand\): (Invalid typed array length|Array buffer allocation failed)/);
    await expect(executor.run(new Map([['x', f32([1, 2], [1, 2])]]), ['nothing'])).rejects.toThrow('fetch "nothing" is not a value of the model');
  });

  it('refuses a cycle and a read of an undefined value, naming the node', () => {
    const cyclic: ExecGraph = { ...residual, nodes: [node('Relu', ['b2'], ['a2']), node('Relu', ['a2'], ['b2']), ...residual.nodes] };
    expect(() => new GraphExecutor(cyclic, cpuDevice())).toThrow('node "a2" (Relu) is part of a cycle');
    const dangling: ExecGraph = { ...residual, nodes: [node('Relu', ['nowhere'], ['q']), ...residual.nodes] };
    expect(() => new GraphExecutor(dangling, cpuDevice())).toThrow('node "q" (Relu) reads "nowhere", which no node, input or initializer defines');
  });
});

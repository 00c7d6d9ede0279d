/**
 * Folding Relu/Clip into the Conv before them: same results as running them apart, used
 * only where the Conv's output has no other reader and is not fetched, and bounds read
 * the way each Clip opset gives them.
 */
import { describe, expect, it } from 'vitest';
import type { ExecutionDevice } from '../../../src/graph/executor/device.js';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import { referenceDevice } from '../../../src/graph/executor/devices/reference.js';
import { GraphExecutor } from '../../../src/graph/executor/executor.js';
import { clampOf } from '../../../src/graph/executor/fuse-clamps.js';
import type { AttributeValue, ExecGraph, ExecNode } from '../../../src/graph/executor/graph-ir.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { float, ints } from './run-kernel.js';

function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): ExecNode {
  return { name: outputs[0]!, opType, domain: '', inputs, outputs, attributes: new Map(Object.entries(attributes)) };
}
const f32 = (dims: number[], values: number[]): HostTensor => ({ type: 'float32', dims, data: Float32Array.from(values) });

/** conv: 1 channel, 3×3 kernel of 2s, pads 1, bias -5: outputs well below 0 and above 6 for x in 0..15. */
function graph(extra: ExecNode[] = [], outputs = ['y']): ExecGraph {
  return {
    inputs: [{ name: 'x', type: 'float32', dims: [1, 1, 4, 4] }],
    outputs: outputs.map((name) => ({ name, type: 'float32', dims: null })),
    initializers: new Map([['w', f32([1, 1, 3, 3], new Array(9).fill(2))], ['b', f32([1], [-5])], ['lo', f32([], [0])], ['hi', f32([], [6])]]),
    nodes: [node('Conv', ['x', 'w', 'b'], ['c'], { pads: ints([1, 1, 1, 1]) }), node('Clip', ['c', 'lo', 'hi'], ['y']), ...extra],
    opset: 13,
  };
}
const x = f32([1, 1, 4, 4], [...Array(16).keys()].map((v) => v / 8));
const feeds = new Map([['x', x]]);

/** engine-cpu with a count of the fused kernels it hands out. */
function spied(): { device: ExecutionDevice<HostTensor>; fused: () => number } {
  const device = cpuDevice();
  let count = 0;
  return {
    device: { ...device, clampedKernel: (...args: Parameters<NonNullable<typeof device.clampedKernel>>) => (count++, device.clampedKernel!(...args)) },
    fused: () => count,
  };
}

describe('Conv → Relu/Clip folding', () => {
  it('gives what running Conv then Clip gives, with one fused kernel', async () => {
    const { device, fused } = spied();
    const y = (await new GraphExecutor(graph(), device).run(feeds)).get('y')!;
    const reference = (await new GraphExecutor(graph(), referenceDevice()).run(feeds)).get('y')!;
    expect(fused()).toBe(1);
    expect([...y.data]).toEqual([...reference.data]);
    expect(Math.min(...(y.data as Float32Array))).toBe(0);
    expect(Math.max(...(y.data as Float32Array))).toBe(6);
  });

  it('leaves the pair apart when the Conv output is fetched, so it is seen unclamped', async () => {
    const { device, fused } = spied();
    const out = await new GraphExecutor(graph(), device).run(feeds, ['c', 'y']);
    expect(fused()).toBe(0);
    expect(Math.min(...(out.get('c')!.data as Float32Array))).toBeLessThan(0);
    expect(Math.max(...(out.get('y')!.data as Float32Array))).toBe(6);
  });

  it('leaves the pair apart when the Conv output has another reader', async () => {
    const { device, fused } = spied();
    const out = await new GraphExecutor(graph([node('Neg', ['c'], ['z'])], ['y', 'z']), device).run(feeds);
    expect(fused()).toBe(0);
    expect(Math.max(...(out.get('z')!.data as Float32Array))).toBeGreaterThan(0);
  });

  it('reads Relu, Clip-6 attributes (float range by default) and Clip-11 constant inputs; unknown bounds stop it', () => {
    const none = new Map<string, HostTensor>();
    expect(clampOf(node('Relu', ['c'], ['y']), 13, none)).toEqual([0, Infinity]);
    expect(clampOf(node('Clip', ['c'], ['y'], { max: float(6) }), 6, none)).toEqual([-3.4028234663852886e38, 6]);
    expect(clampOf(node('Clip', ['c', '', 'hi'], ['y']), 13, new Map([['hi', f32([], [6])]]))).toEqual([-Infinity, 6]);
    expect(clampOf(node('Clip', ['c', 'lo'], ['y']), 13, none)).toBeNull();
    expect(clampOf(node('Sigmoid', ['c'], ['y']), 13, none)).toBeNull();
  });
});

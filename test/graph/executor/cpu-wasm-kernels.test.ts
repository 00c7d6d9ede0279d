/**
 * engine-cpu's wasm kernels (Conv: packed tiles and depthwise; Gemm; same-shape Add)
 * against the plain kernels computed in float64, over geometries that reach every path:
 * row tails, odd channel counts, padding on one side, strides, dilations, groups,
 * depthwise multipliers, 1-D, auto_pad, and a clamp folded into the epilogue.
 */
import { describe, expect, it } from 'vitest';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import type { WasmCpuDevice } from '../../../src/graph/executor/devices/cpu-wasm/device.js';
import type { AttributeValue } from '../../../src/graph/executor/graph-ir.js';
import type { Kernel } from '../../../src/graph/executor/kernel.js';
import { conv } from '../../../src/graph/executor/kernels/conv.js';
import { gemm } from '../../../src/graph/executor/kernels/gemm.js';
import { kernelContext } from '../../../src/graph/executor/plan.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { float, int, ints, runKernel, str } from './run-kernel.js';

/** Values in [-1, 1) from a fixed seed. */
function random(dims: number[], seed: number): HostTensor {
  let s = seed >>> 0;
  const n = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 31 - 1;
  }
  return { type: 'float32', dims, data };
}

function maxDifference(a: HostTensor, b: HostTensor): number {
  expect(a.dims).toEqual(b.dims);
  let worst = 0;
  for (let i = 0; i < b.data.length; i++) worst = Math.max(worst, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return worst;
}

const device = cpuDevice({ threads: 2 }) as WasmCpuDevice;

/**
 * The device's kernel on heap copies of `inputs`, with whether its result was made in
 * the heap (the wasm path) rather than by a plain kernel; the heap is left as it was found.
 */
function onDevice(kernel: Kernel, inputs: (HostTensor | undefined)[], attrs: Record<string, AttributeValue>, opType: string): HostTensor & { inHeap: boolean } {
  const before = device.liveHeapTensors();
  const stored = inputs.map((t) => t && device.upload(t));
  const uploaded = device.liveHeapTensors();
  const node = { name: 'n', opType, domain: '', inputs: inputs.map((t, i) => (t ? `in${i}` : '')), outputs: ['y'], attributes: new Map(Object.entries(attrs)) };
  const [y] = kernel(stored, kernelContext(node, 13, device.floatStorage)) as HostTensor[];
  const result = { type: y!.type, dims: [...y!.dims], data: (y!.data as Float32Array).slice(), inHeap: device.liveHeapTensors() === uploaded + 1 };
  for (const t of [...stored, y]) if (t) device.release(t);
  expect(device.liveHeapTensors(), 'heap tensors left behind').toBe(before);
  return result;
}

interface ConvCase {
  name: string;
  x: number[];
  w: number[];
  bias?: boolean;
  attrs?: Record<string, AttributeValue>;
}

const CONV_CASES: ConvCase[] = [
  { name: '1×1 (B read as the image), 13 output channels, 9×11 pixels, batch 2', x: [2, 20, 9, 11], w: [13, 20, 1, 1], bias: true },
  { name: '3×3, pads 1', x: [1, 5, 10, 9], w: [7, 5, 3, 3], attrs: { pads: ints([1, 1, 1, 1]) } },
  { name: '3×3, stride 2, padding on one side only, batch 3', x: [3, 4, 12, 13], w: [6, 4, 3, 3], bias: true, attrs: { strides: ints([2, 2]), pads: ints([0, 1, 1, 0]) } },
  { name: '3×3 on a wide image (interior pixel blocks load whole vectors)', x: [1, 3, 12, 37], w: [5, 3, 3, 3], bias: true, attrs: { pads: ints([1, 1, 1, 1]) } },
  { name: '3×3 stride 2 on a wide image (interior blocks take even lanes)', x: [2, 3, 15, 50], w: [6, 3, 3, 3], attrs: { strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) } },
  { name: '3×2 kernel dilated [2, 3]', x: [1, 3, 11, 14], w: [5, 3, 3, 2], attrs: { dilations: ints([2, 3]) } },
  { name: 'two groups', x: [2, 6, 7, 8], w: [4, 3, 3, 3], bias: true, attrs: { group: int(2), pads: ints([1, 1, 1, 1]) } },
  { name: '1×1 at stride 2 (gathered)', x: [1, 8, 9, 9], w: [9, 8, 1, 1], attrs: { strides: ints([2, 2]) } },
  { name: 'SAME_UPPER at stride 2', x: [1, 3, 10, 7], w: [4, 3, 3, 3], attrs: { auto_pad: str('SAME_UPPER'), strides: ints([2, 2]) } },
  { name: '1-D, stride 2, pads [1, 2]', x: [2, 4, 19], w: [6, 4, 3], bias: true, attrs: { strides: ints([2]), pads: ints([1, 2]) } },
  { name: 'depthwise 3×3 stride 1, odd widths', x: [2, 5, 13, 17], w: [5, 1, 3, 3], bias: true, attrs: { group: int(5), pads: ints([1, 1, 1, 1]) } },
  { name: 'depthwise 3×3 stride 2, odd left pad', x: [1, 6, 15, 14], w: [6, 1, 3, 3], attrs: { group: int(6), strides: ints([2, 2]), pads: ints([1, 1, 1, 1]) } },
  { name: 'depthwise 3×3 stride 2, even left pad, odd width', x: [2, 3, 11, 21], w: [3, 1, 3, 3], bias: true, attrs: { group: int(3), strides: ints([2, 2]), pads: ints([0, 2, 1, 1]) } },
  { name: 'depthwise 3×3 stride 2 dilated (shuffled lanes)', x: [1, 2, 13, 16], w: [2, 1, 3, 3], attrs: { group: int(2), strides: ints([2, 2]), dilations: ints([2, 2]), pads: ints([2, 2, 2, 2]) } },
  { name: 'depthwise, channel multiplier 2', x: [1, 3, 8, 9], w: [6, 1, 3, 3], bias: true, attrs: { group: int(3), pads: ints([0, 1, 1, 0]) } },
  { name: 'depthwise 5×5 stride 3, dilated (general path)', x: [1, 4, 20, 19], w: [4, 1, 5, 5], attrs: { group: int(4), strides: ints([3, 3]), pads: ints([2, 2, 2, 2]), dilations: ints([1, 2]) } },
];

describe('engine-cpu wasm kernels match the float64 plain kernels', () => {
  it('runs on the wasm heap here (Node has shared WebAssembly memory)', () => {
    expect(typeof device.liveHeapTensors).toBe('function');
  });

  for (const c of CONV_CASES) {
    it(`Conv: ${c.name}`, () => {
      const inputs = [random(c.x, 1), random(c.w, 2), c.bias ? random([c.w[0]!], 3) : undefined];
      const expected = runKernel(conv, inputs, { attrs: c.attrs ?? {}, storage: 'float64' })[0]!;
      const actual = onDevice(device.kernel('Conv', 13) as Kernel, inputs, c.attrs ?? {}, 'Conv');
      expect(actual.type).toBe('float32');
      expect(actual.inHeap, 'ran on the wasm kernels').toBe(true);
      expect(maxDifference(actual, expected)).toBeLessThan(2e-5);
    });
  }

  it('Conv with a clamp folded in (Relu6) clamps every output', () => {
    const inputs = [random([1, 6, 9, 10], 4), random([8, 6, 3, 3], 5), random([8], 6)];
    const attrs = { pads: ints([1, 1, 1, 1]) };
    const plain = runKernel(conv, inputs, { attrs, storage: 'float64' })[0]!;
    const expected = { ...plain, data: Float64Array.from(plain.data as Float64Array, (v) => Math.min(6, Math.max(0, v))) };
    const actual = onDevice(device.clampedKernel!('Conv', 13, 0, 6) as Kernel, inputs, attrs, 'Conv');
    expect(maxDifference(actual, expected)).toBeLessThan(2e-5);
    expect(Math.min(...(actual.data as Float32Array))).toBe(0);
  });

  const gemmCases: [string, number[], number[], number[] | null, Record<string, AttributeValue>, boolean][] = [
    ['Linear layout (transB), bias [N]', [3, 37], [29, 37], [29], { transB: int(1) }, true],
    ['transA, bias [1, N], beta 0.5', [37, 2], [37, 11], [1, 11], { transA: int(1), beta: float(0.5) }, true],
    ['scalar C', [5, 9], [9, 10], [], {}, true],
    ['no C', [1, 64], [7, 64], null, { transB: int(1) }, true],
    ['alpha 2 and a full [M, N] C (plain kernel)', [4, 6], [6, 5], [4, 5], { alpha: float(2) }, false],
  ];
  for (const [name, a, b, c, attrs, wasm] of gemmCases) {
    it(`Gemm: ${name}`, () => {
      const inputs = [random(a, 7), random(b, 8), c ? random(c, 9) : undefined];
      const expected = runKernel(gemm, inputs, { attrs, storage: 'float64' })[0]!;
      const actual = onDevice(device.kernel('Gemm', 13) as Kernel, inputs, attrs, 'Gemm');
      expect(actual.inHeap).toBe(wasm);
      expect(maxDifference(actual, expected)).toBeLessThan(2e-5);
    });
  }

  it('Add of two same-shape tensors lands in the heap; broadcasting still works', () => {
    const a = random([2, 3, 4], 10), b = random([2, 3, 4], 11), row = random([4], 12);
    const sum = onDevice(device.kernel('Add', 13) as Kernel, [a, b], {}, 'Add');
    expect(sum.inHeap).toBe(true);
    expect([...sum.data]).toEqual(Array.from(a.data as Float32Array, (v, i) => Math.fround(v + (b.data as Float32Array)[i]!)));
    const broadcast = onDevice(device.kernel('Add', 13) as Kernel, [a, row], {}, 'Add');
    expect(broadcast.data[5]).toBe(Math.fround((a.data as Float32Array)[5]! + (row.data as Float32Array)[1]!));
  });
});

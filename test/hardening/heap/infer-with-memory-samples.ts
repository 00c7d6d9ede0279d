/**
 * Child process for the executor heap-flat test (run with --expose-gc): runs engine-cpu
 * inferences of the zoo's two-input model and of a MobileNetV2-style block (1×1 Conv →
 * Relu6 → depthwise Conv → Relu6 → 1×1 Conv → residual Add → pool → Gemm) and, after
 * every block of them, collects garbage and records the JS heap, the heap tensors alive
 * and the bytes the wasm heap has reserved.
 *
 *   node --import tsx --expose-gc infer-with-memory-samples.ts <samples>   → JSON on stdout
 */
import { join } from 'node:path';
import { loadOnnxGraph } from '../../../src/export/onnx-graph-reader.js';
import { readOnnxTestDataSets } from '../../../src/export/onnx-test-case.js';
import { wasmDevice } from '../../../src/graph/backends/cpu/wasm/device.js';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import type { WasmCpuDevice } from '../../../src/graph/executor/devices/cpu-wasm/device.js';
import { GraphExecutor } from '../../../src/graph/executor/executor.js';
import type { AttributeValue, ExecGraph, ExecNode } from '../../../src/graph/executor/graph-ir.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { fixturesDir } from '../../helpers/paths.js';
import { INFERENCES_PER_SAMPLE, type InferenceMemorySample } from './infer-with-memory-samples-format.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const sampleCount = Number(process.argv[2] ?? 10);

const f32 = (dims: number[], seed: number): HostTensor => {
  const n = dims.reduce((a, b) => a * b, 1);
  return { type: 'float32', dims, data: Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i * 0.37) * 0.5) };
};
const node = (opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): ExecNode =>
  ({ name: outputs[0]!, opType, domain: '', inputs, outputs, attributes: new Map(Object.entries(attributes)) });
const pads = { pads: { kind: 'ints', value: [1, 1, 1, 1] } } as const;
const block: ExecGraph = {
  inputs: [{ name: 'x', type: 'float32', dims: [1, 8, 16, 16] }],
  outputs: [{ name: 'y', type: 'float32', dims: [1, 10] }],
  initializers: new Map([
    ['w1', f32([24, 8, 1, 1], 1)], ['b1', f32([24], 2)], ['wd', f32([24, 1, 3, 3], 3)], ['bd', f32([24], 4)],
    ['w2', f32([8, 24, 1, 1], 5)], ['b2', f32([8], 6)], ['fc', f32([10, 8], 7)], ['fb', f32([10], 8)],
    ['lo', { type: 'float32', dims: [], data: Float32Array.of(0) }], ['hi', { type: 'float32', dims: [], data: Float32Array.of(6) }],
  ]),
  nodes: [
    node('Conv', ['x', 'w1', 'b1'], ['c1']), node('Clip', ['c1', 'lo', 'hi'], ['r1']),
    node('Conv', ['r1', 'wd', 'bd'], ['c2'], { ...pads, group: { kind: 'int', value: 24 } }), node('Clip', ['c2', 'lo', 'hi'], ['r2']),
    node('Conv', ['r2', 'w2', 'b2'], ['c3']), node('Add', ['c3', 'x'], ['s']), node('GlobalAveragePool', ['s'], ['p']),
    node('Flatten', ['p'], ['f']), node('Gemm', ['f', 'fc', 'fb'], ['y'], { transB: { kind: 'int', value: 1 } }),
  ],
  opset: 13,
};

const device = cpuDevice({ threads: 2 }) as WasmCpuDevice;
const heap = wasmDevice()!.heap;
const dir = join(fixturesDir, 'zoo', 'two-heads');
const twoHeadsGraph = loadOnnxGraph(join(dir, 'model.onnx'));
const twoHeads = new GraphExecutor(twoHeadsGraph, device);
const twoHeadsFeeds = readOnnxTestDataSets(dir, twoHeadsGraph)[0]!.inputs;
const mobileBlock = new GraphExecutor(block, device);
const blockFeeds = new Map([['x', f32([1, 8, 16, 16], 9)]]);

const samples: InferenceMemorySample[] = [];
let inferences = 0;
for (let s = 0; s < sampleCount; s++) {
  for (let i = 0; i < INFERENCES_PER_SAMPLE / 2; i++) {
    await twoHeads.run(twoHeadsFeeds);
    await mobileBlock.run(blockFeeds);
    inferences += 2;
  }
  gc();
  gc();
  const m = process.memoryUsage();
  samples.push({ inferences, heapUsed: m.heapUsed, external: m.external, liveHeapTensors: device.liveHeapTensors(), reservedBytes: heap.reservedBytes() });
}
twoHeads.dispose();
mobileBlock.dispose();
process.stdout.write(`${JSON.stringify({ samples, liveAfterDispose: device.liveHeapTensors() })}\n`);
process.exit(0);

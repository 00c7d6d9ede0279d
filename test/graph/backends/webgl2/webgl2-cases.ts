/**
 * ONNX test-case folders as the webgl2 executor page takes them (model and
 * TensorProto bytes read here, decoded in the page), and which conformance cases
 * run entirely on GPU kernels.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GPU_KERNELS } from '../../../../src/graph/backends/webgl2/executor/kernel-table.js';
import type { ExecGraph } from '../../../../src/graph/executor/graph-ir.js';
import type { ConformanceCase } from '../../../helpers/onnx-case.js';
import type { WireCase } from './pages/executor.page.js';

function numbered(dir: string, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix}(\\d+)(\\.pb)?$`);
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort((a, b) => Number(pattern.exec(a)![1]) - Number(pattern.exec(b)![1]));
}

export function wireCase(name: string, dir: string): WireCase {
  return {
    name,
    model: readFileSync(join(dir, 'model.onnx')),
    sets: numbered(dir, 'test_data_set_').map((set) => ({
      inputs: numbered(join(dir, set), 'input_').map((f) => readFileSync(join(dir, set, f))),
      outputs: numbered(join(dir, set), 'output_').map((f) => readFileSync(join(dir, set, f))),
    })),
  };
}

/** Constants are folded at load, so they never reach a device. */
const FOLDED = new Set(['Constant']);

/** Whether every op of the graph has a GPU kernel on the webgl2 device. */
export function onGpuKernels(graph: ExecGraph): boolean {
  return graph.nodes.every((n) => n.domain === '' && (GPU_KERNELS.has(n.opType) || FOLDED.has(n.opType)));
}

export function gpuCases(cases: readonly ConformanceCase[]): ConformanceCase[] {
  return cases.filter((c) => onGpuKernels(c.graph));
}

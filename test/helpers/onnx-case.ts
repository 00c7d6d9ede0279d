/**
 * Runs an ONNX test-case folder (model.onnx + test_data_set_*) on an execution device
 * and compares every output as ONNX's backend tests do: same element type and shape,
 * |actual − expected| ≤ atol + rtol·|expected| (numpy's assert_allclose, NaN equal to
 * NaN), ints and bools exactly.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadOnnxGraph } from '../../src/export/onnx-graph-reader.js';
import { readOnnxTestDataSets } from '../../src/export/onnx-test-case.js';
import type { ExecutionDevice } from '../../src/graph/executor/device.js';
import { GraphExecutor } from '../../src/graph/executor/executor.js';
import type { ExecGraph } from '../../src/graph/executor/graph-ir.js';
import { describeTensor, isFloatType, toFloat64, type HostTensor } from '../../src/graph/host-tensor.js';

/** onnx.backend.test's defaults. */
export const ONNX_TOLERANCE = { rtol: 1e-3, atol: 1e-7 };

export interface CaseResult {
  /** null when every output of every data set matched. */
  problem: string | null;
}

/** The first mismatch between `actual` and `expected`, or null. */
export function compareTensors(actual: HostTensor, expected: HostTensor, tolerance = ONNX_TOLERANCE): string | null {
  if (actual.type !== expected.type || actual.dims.length !== expected.dims.length || actual.dims.some((d, i) => d !== expected.dims[i])) {
    return `got ${describeTensor(actual)}, expected ${describeTensor(expected)}`;
  }
  const a = toFloat64(actual);
  const e = toFloat64(expected);
  const exact = !isFloatType(expected.type);
  let failures = 0;
  let worst = -1;
  for (let i = 0; i < e.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    const ok = exact ? x === y : x === y || Math.abs(x - y) <= tolerance.atol + tolerance.rtol * Math.abs(y);
    if (!ok) {
      failures++;
      if (worst < 0) worst = i;
    }
  }
  return failures === 0 ? null : `${failures} of ${e.length} values differ (first at ${worst}: ${a[worst]} vs ${e[worst]})`;
}

/** Loads and runs one case folder; any error (load, unsupported op, kernel) is the problem. */
export async function runOnnxCase<V>(dir: string, device: ExecutionDevice<V>, graph?: ExecGraph): Promise<CaseResult> {
  try {
    const g = graph ?? loadOnnxGraph(join(dir, 'model.onnx'));
    const executor = new GraphExecutor(g, device);
    try {
      for (const set of readOnnxTestDataSets(dir, g)) {
        const outputs = await executor.run(set.inputs);
        for (const [name, expected] of set.outputs) {
          const problem = compareTensors(outputs.get(name)!, expected);
          if (problem) return { problem: `${set.name} output "${name}": ${problem}` };
        }
      }
    } finally {
      executor.dispose();
    }
    return { problem: null };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}

/** Where Debian's libonnx-testdata puts ONNX's conformance cases, and the folders we run. */
export const ONNX_TESTDATA = '/usr/share/libonnx-testdata/data';
export const CONFORMANCE_GROUPS = ['node', 'pytorch-converted', 'pytorch-operator', 'simple'] as const;

export interface ConformanceCase {
  /** `node/test_add`. */
  readonly name: string;
  readonly dir: string;
  readonly graph: ExecGraph;
}

/** Every case folder of `groups` whose model our reader loads (strings, subgraphs and training ops do not). */
export function loadConformanceCases(root = ONNX_TESTDATA, groups: readonly string[] = CONFORMANCE_GROUPS): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const group of groups) {
    for (const entry of readdirSync(join(root, group)).sort()) {
      const dir = join(root, group, entry);
      try {
        cases.push({ name: `${group}/${entry}`, dir, graph: loadOnnxGraph(join(dir, 'model.onnx')) });
      } catch {
        // Not loadable is not in scope: such a model has a type or construct the engine does not carry.
      }
    }
  }
  return cases;
}

/** Whether every node of the graph is an op the device runs at the graph's opset. */
export function deviceHasOps<V>(graph: ExecGraph, device: ExecutionDevice<V>): boolean {
  return graph.nodes.every((n) => n.domain === '' && device.kernel(n.opType, graph.opset) !== undefined);
}

export interface ConformanceRun {
  readonly selected: number;
  readonly passed: number;
  /** Case name → problem, for the cases that failed. */
  readonly failures: Map<string, string>;
}

/** Runs every case whose ops the device has. */
export async function runConformance<V>(cases: readonly ConformanceCase[], device: ExecutionDevice<V>): Promise<ConformanceRun> {
  const failures = new Map<string, string>();
  let selected = 0;
  for (const c of cases) {
    if (!deviceHasOps(c.graph, device)) continue;
    selected++;
    const { problem } = await runOnnxCase(c.dir, device, c.graph);
    if (problem) failures.set(c.name, problem);
  }
  return { selected, passed: selected - failures.size, failures };
}

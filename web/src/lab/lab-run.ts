/**
 * One parity run in the lab, by verify-parity's own code (runParity, parityJson,
 * bisectFailures) with the page's runtimes: the same comparison rules, the same JSON,
 * the same first-diverging-node search. What the page adds: the browser and its GPU
 * adapters in the JSON, and the reference's outputs kept so the run can be handed on as
 * a test case.
 */
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { bisectFailures, type BisectEntry } from '../../../src/runtime/bisect/bisect-failures.js';
import { bisectJson } from '../../../src/runtime/bisect/bisect-report.js';
import type { ResultEnvironment } from '../../../src/runtime/parity/merge-reports.js';
import type { ParityInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { EXPECTED_REFERENCE, runParity, type ParityReference, type ParityResult } from '../../../src/runtime/parity/parity-run.js';
import { parityJson } from '../../../src/runtime/parity/report-json.js';
import type { Tolerance } from '../../../src/runtime/parity/tensor-comparison.js';
import { concatRows } from '../../../src/runtime/run-batches.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import type { LabCase } from './lab-case.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import { DEFAULT_LAB_REFERENCE, LAB_RUNTIMES } from './lab-runtimes.js';

export interface LabRunOptions {
  inputs: ParityInputs;
  /** Runtime names to compare. */
  runtimes: readonly string[];
  /** A runtime name, or `expected`. */
  reference: string;
  tolerance: Tolerance;
  threads: number;
  log: (line: string) => void;
}

export interface LabRun {
  result: ParityResult;
  /** Per data set of the inputs: the reference's outputs (for the bug-report test case). */
  referenceOutputs: Map<string, HostTensor>[];
  bisect: BisectEntry[] | null;
}

export function labRuntime(name: string): Runtime {
  const runtime = LAB_RUNTIMES.find((r) => r.name === name);
  if (!runtime) throw new Error(`no runtime "${name}" in the lab (${LAB_RUNTIMES.map((r) => r.name).join(', ')})`);
  return runtime;
}

/** The reference a case gets unless the user picks another: `expected` when it has outputs. */
export function defaultReference(inputs: ParityInputs): string {
  return inputs.sets.some((s) => s.expected) ? EXPECTED_REFERENCE : DEFAULT_LAB_REFERENCE;
}

export async function runLab(c: LabCase, o: LabRunOptions): Promise<LabRun> {
  const reference: ParityReference = o.reference === EXPECTED_REFERENCE ? { expected: true } : { runtime: labRuntime(o.reference) };
  const batches = o.inputs.sets.map(() => [] as { start: number; outputs: ReadonlyMap<string, HostTensor> }[]);
  const context = createRuntimeContext({ log: o.log, threads: o.threads });
  try {
    const result = await runParity({
      model: c.model,
      modelName: c.name,
      inputs: o.inputs,
      runtimes: o.runtimes.filter((name) => name !== o.reference).map(labRuntime),
      reference,
      tolerance: () => o.tolerance,
      require: null,
      context,
      onReference: (batch, outputs) => {
        const set = o.inputs.sets.findIndex((s) => batch.start >= s.start && batch.start < s.start + s.rows);
        batches[set]?.push({ start: batch.start, outputs });
      },
    });
    const referenceOutputs = batches.map((parts) => {
      const names = [...(parts[0]?.outputs.keys() ?? [])];
      const ordered = [...parts].sort((a, b) => a.start - b.start);
      return new Map(names.map((name) => [name, concatRows(ordered.map((p) => p.outputs.get(name)!))]));
    });
    return { result, referenceOutputs, bisect: null };
  } finally {
    await context.closeShared();
  }
}

/**
 * The first diverging node of every failing runtime, against the parity reference when
 * it is a runtime (expected outputs cannot name intermediate tensors), else
 * onnxruntime-web's wasm EP, then our float64 engine.
 */
export async function bisectLab(c: LabCase, run: LabRun, threads: number, log: (line: string) => void): Promise<BisectEntry[]> {
  const reference = run.result.reference;
  const candidates = [...new Set([...(reference === EXPECTED_REFERENCE ? [] : [reference]), DEFAULT_LAB_REFERENCE, 'engine-reference'])].map(labRuntime);
  const context = createRuntimeContext({ log, threads });
  try {
    return await bisectFailures({ result: run.result, model: c.model, runtimes: LAB_RUNTIMES, references: candidates, context, reproducerDir: null });
  } finally {
    await context.closeShared();
  }
}

/** What `verify-parity --json` prints for this run (with its bisection, when done), plus where it ran. */
export function labJson(run: LabRun, environment: ResultEnvironment): Record<string, unknown> {
  return {
    ...parityJson(run.result),
    ...(run.bisect ? { bisect: bisectJson(run.bisect, run.result.inputs.names) } : {}),
    browser: environment.browser,
    adapter: environment.adapter,
  };
}

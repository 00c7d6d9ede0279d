/**
 * verify-parity's core, free of flags and printing: run the same input tensors through
 * the reference and every selected runtime (one at a time, each with all the threads),
 * compare each with the reference, and decide pass / exit code.
 *
 * Nothing is dropped silently: a runtime that cannot start is listed with its reason, and
 * one that fails mid-run with its error; both fail the run when they are required.
 */
import { basename } from 'node:path';
import { argmaxRows } from '../../util/argmax.js';
import { classLabels } from '../class-labels.js';
import { compareOutputs, type Comparison, type Tolerance, toleranceText } from './compare.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OutputKind } from '../model-io.js';
import type { ParityInputs } from './parity-inputs.js';
import { runBatches } from '../run-batches.js';
import type { Runtime, RuntimeContext, RuntimeEnvironment } from '../runtime.js';
import { checkSavedOutputsMatch, type SavedOutputs } from './outputs-file.js';
import { ToolError, describeError } from '../../util/errors.js';

export interface RuntimeRun {
  name: string;
  environment: RuntimeEnvironment | 'file';
  available: boolean;
  /** What really ran (null when it never started). */
  provider: string | null;
  /** Why it is unavailable, or what went wrong while running. */
  error: string | null;
  /** Whether its result decides pass/fail (see `require`). The reference always is. */
  required: boolean;
  openSeconds: number | null;
  runSeconds: number | null;
  /** Top-1 accuracy against the true labels, when the inputs have them. */
  accuracy: number | null;
  /** [images, classes]; null when it produced nothing. */
  outputs: Float32Array | null;
}

export type ParityReference = { runtime: Runtime } | { saved: SavedOutputs; source: string };

export interface ParityOptions {
  model: ModelUnderTest;
  /** How reports name the model (its path). */
  modelName: string;
  inputs: ParityInputs;
  /** Runtimes compared with the reference (the reference runtime itself is skipped here). */
  runtimes: readonly Runtime[];
  reference: ParityReference;
  tolerance: (runtime: string) => Tolerance;
  /** Runtimes whose failure fails the run; null = all of them. */
  require: ReadonlySet<string> | null;
  context: RuntimeContext;
  /** Images per run() call (the default suits every Node runtime). */
  batchSize?: number;
}

export interface ParityResult {
  pass: boolean;
  /** 0 pass, 1 a required comparison failed, 2 something could not be checked. */
  exitCode: 0 | 1 | 2;
  /** Why the run did not pass, one line each. */
  problems: string[];
  model: string;
  inputs: ParityInputs;
  output: { name: string; kind: OutputKind };
  classes: number;
  labels: string[];
  reference: string;
  runtimes: RuntimeRun[];
  comparisons: (Comparison & { required: boolean })[];
}

const seconds = (since: number) => (performance.now() - since) / 1000;

async function runOne(runtime: Runtime, o: ParityOptions, required: boolean): Promise<RuntimeRun> {
  const run: RuntimeRun = {
    name: runtime.name,
    environment: runtime.environment,
    available: false,
    provider: null,
    error: null,
    required,
    openSeconds: null,
    runSeconds: null,
    accuracy: null,
    outputs: null,
  };
  const { context, inputs, model } = o;
  context.log(`${runtime.name}: starting`);
  const opening = performance.now();
  let opened;
  try {
    opened = await runtime.open(model, context);
  } catch (error) {
    opened = { available: false as const, reason: `failed to start: ${describeError(error)}` };
  }
  run.openSeconds = seconds(opening);
  if (!opened.available) {
    run.error = opened.reason;
    context.log(`${runtime.name}: unavailable (${opened.reason})`);
    return run;
  }
  run.available = true;
  const { session } = opened;
  const running = performance.now();
  try {
    const out = await runBatches(session, inputs.tensors, inputs.count, {
      fixedBatch: model.io.fixedBatch,
      ...(o.batchSize ? { preferredBatch: o.batchSize } : {}),
    });
    run.runSeconds = seconds(running);
    run.outputs = out.values;
    context.log(`${runtime.name}: ${inputs.count} images in ${run.runSeconds.toFixed(2)} s`);
  } catch (error) {
    run.error = `failed while running: ${describeError(error)}`;
    context.log(`${runtime.name}: ${run.error}`);
  } finally {
    run.provider = session.provider;
    await session.close().catch(() => {});
  }
  return run;
}

function savedReferenceRun(saved: SavedOutputs, source: string, inputs: ParityInputs, kind: OutputKind): RuntimeRun {
  checkSavedOutputsMatch(saved, inputs.names, source);
  if (saved.kind !== kind) throw new ToolError(`${source}: holds ${saved.kind}, but the model's compared output is ${kind}`);
  return {
    name: `file:${basename(source)}`,
    environment: 'file',
    available: true,
    provider: saved.producedBy ? `saved outputs (${saved.producedBy})` : 'saved outputs',
    error: null,
    required: true,
    openSeconds: null,
    runSeconds: null,
    accuracy: null,
    outputs: saved.values,
  };
}

function accuracyOf(outputs: Float32Array, classes: number, truth: Uint8Array): number {
  const predicted = argmaxRows(outputs, truth.length, classes);
  let correct = 0;
  for (let r = 0; r < truth.length; r++) if (predicted[r] === truth[r]) correct++;
  return truth.length === 0 ? 0 : correct / truth.length;
}

export async function runParity(o: ParityOptions): Promise<ParityResult> {
  const { inputs, model } = o;
  const kind = model.io.compared.kind;
  const isRequired = (name: string) => o.require === null || o.require.has(name);

  const referenceRun =
    'runtime' in o.reference
      ? await runOne(o.reference.runtime, o, true)
      : savedReferenceRun(o.reference.saved, o.reference.source, inputs, kind);
  const others = o.runtimes.filter((r) => r.name !== referenceRun.name);
  const runs: RuntimeRun[] = [referenceRun];
  for (const runtime of others) runs.push(await runOne(runtime, o, isRequired(runtime.name)));

  // Classes per image, from the first runtime that produced anything (the reference, normally).
  const firstOutputs = runs.find((r) => r.outputs)?.outputs;
  const perImage = firstOutputs && inputs.count > 0 ? firstOutputs.length / inputs.count : 0;
  const labels = perImage > 0 ? classLabels(model.io.metadata, perImage, o.modelName) : [];
  const problems: string[] = inputs.unreadable.map((u) => u.error);
  for (const run of runs) {
    if (run.outputs && run.outputs.length !== inputs.count * perImage) {
      run.error = `returned ${run.outputs.length / inputs.count} classes per image, ${runs[0]!.name} ${perImage}`;
      run.outputs = null;
    }
    if (run.outputs && inputs.truth) run.accuracy = accuracyOf(run.outputs, perImage, inputs.truth);
  }

  const comparisons: ParityResult['comparisons'] = [];
  const reference = referenceRun.outputs;
  for (const run of runs.slice(1)) {
    if (!reference || !run.outputs) continue;
    const comparison = compareOutputs({
      runtime: run.name,
      reference: referenceRun.name,
      expected: reference,
      actual: run.outputs,
      images: inputs.count,
      classes: perImage,
      tolerance: o.tolerance(run.name),
      names: inputs.names,
      labels,
    });
    comparisons.push({ ...comparison, required: run.required });
  }

  let exitCode: ParityResult['exitCode'] = 0;
  if (!reference) {
    problems.push(`reference ${referenceRun.name} produced no outputs: ${referenceRun.error}`);
    exitCode = 2;
  } else {
    for (const run of runs.slice(1)) {
      if (run.required && run.error) problems.push(`${run.name}: ${run.available ? '' : 'unavailable: '}${run.error}`);
    }
    const failed = comparisons.filter((c) => c.required && !c.pass);
    for (const c of failed) {
      problems.push(`${c.runtime}: ${c.failingElements} of ${c.elements} values beyond atol ${toleranceText(c.tolerance.atol)} / rtol ${toleranceText(c.tolerance.rtol)}, ${c.flips.length} top-1 flip${c.flips.length === 1 ? '' : 's'}`);
    }
    if (failed.length > 0) exitCode = 1;
    else if (problems.length > 0) exitCode = 2;
  }
  if (inputs.count === 0 && exitCode === 0) {
    problems.push('no images to compare');
    exitCode = 2;
  }
  return {
    pass: problems.length === 0,
    exitCode,
    problems,
    model: o.modelName,
    inputs,
    output: { name: model.io.compared.name, kind },
    classes: perImage,
    labels,
    reference: referenceRun.name,
    runtimes: runs,
    comparisons,
  };
}

/**
 * verify-parity's core, free of flags and printing: open the reference and every
 * selected runtime, stream the inputs through them batch by batch (each runtime runs
 * alone, with all the threads), compare every output of every runtime with the
 * reference's as the batches go (so memory holds one batch, not the whole run), and
 * decide pass / exit code.
 *
 * The reference is a runtime, outputs saved in a file (our classifier JSON), or the
 * expected outputs of a test case (`expected`). Nothing is dropped silently: a runtime
 * that cannot start is listed with its reason, and one that fails mid-run with its
 * error; both fail the run when they are required.
 */
import { basename } from 'node:path';
import type { HostTensor } from '../../graph/host-tensor.js';
import { describeError, ToolError } from '../../util/errors.js';
import { labelsFor } from '../class-labels.js';
import { argmaxRows } from '../../util/argmax.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OutputKind } from '../model-io.js';
import { bytesPerRow, DEFAULT_BATCH, DEFAULT_BATCH_BYTES, runRows } from '../run-batches.js';
import type { Runtime, RuntimeContext, RuntimeEnvironment, RuntimeSession } from '../runtime.js';
import { toleranceText, type Comparison } from './compare.js';
import { checkSavedOutputsMatch, type SavedOutputs } from './outputs-file.js';
import { allBatches, type InputSet, type ParityInputs } from './parity-inputs.js';
import { TensorComparer, type Tolerance } from './tensor-comparison.js';

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
}

/** The reference is the name EXPECTED when it is a test case's expected outputs. */
export const EXPECTED_REFERENCE = 'expected';

export type ParityReference = { runtime: Runtime } | { saved: SavedOutputs; source: string } | { expected: true };

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
  /** Rows per run() call (default: what fits DEFAULT_BATCH_BYTES, at most DEFAULT_BATCH). */
  batchSize?: number;
  /** Outputs whose top-1 is compared besides the [N, classes] ones (--top1). */
  top1?: readonly string[];
  /** Sees the reference's outputs of every batch (to save them). */
  onReference?: (batch: InputSet, outputs: ReadonlyMap<string, HostTensor>) => void;
}

export interface ParityResult {
  pass: boolean;
  /** 0 pass, 1 a required comparison failed, 2 something could not be checked. */
  exitCode: 0 | 1 | 2;
  /** Why the run did not pass, one line each. */
  problems: string[];
  model: string;
  inputs: ParityInputs;
  /** The classifier output (LeNet's compared output), and every output compared. */
  output: { name: string; kind: OutputKind };
  outputs: { name: string; kind: OutputKind }[];
  /** Classes of the classifier output (0 when it is not [N, classes]) and their labels. */
  classes: number;
  labels: string[];
  reference: string;
  runtimes: RuntimeRun[];
  /** One per (runtime, output), runtimes in run order, outputs in graph order. */
  comparisons: (Comparison & { required: boolean })[];
}

const seconds = (since: number) => (performance.now() - since) / 1000;

interface Participant {
  run: RuntimeRun;
  session: RuntimeSession | null;
  correct: number;
  judged: number;
}

function newRun(name: string, environment: RuntimeRun['environment'], required: boolean): RuntimeRun {
  return { name, environment, available: false, provider: null, error: null, required, openSeconds: null, runSeconds: null, accuracy: null };
}

async function open(runtime: Runtime, o: ParityOptions, required: boolean): Promise<Participant> {
  const run = newRun(runtime.name, runtime.environment, required);
  o.context.log(`${runtime.name}: starting`);
  const opening = performance.now();
  let opened;
  try {
    opened = await runtime.open(o.model, o.context);
  } catch (error) {
    opened = { available: false as const, reason: `failed to start: ${describeError(error)}` };
  }
  run.openSeconds = seconds(opening);
  if (!opened.available) {
    run.error = opened.reason;
    o.context.log(`${runtime.name}: unavailable (${opened.reason})`);
    return { run, session: null, correct: 0, judged: 0 };
  }
  run.available = true;
  run.provider = opened.session.provider;
  return { run, session: opened.session, correct: 0, judged: 0 };
}

async function close(p: Participant): Promise<void> {
  if (!p.session) return;
  p.run.provider = p.session.provider;
  const session = p.session;
  p.session = null;
  await session.close().catch(() => {});
}

/** Runs one batch on `p`; a failure ends that runtime's part in the run (it is closed). */
async function runOn(p: Participant, batch: InputSet, fetches: readonly string[], o: ParityOptions): Promise<Map<string, HostTensor> | null> {
  if (!p.session) return null;
  const started = performance.now();
  try {
    const out = await runRows(p.session, batch.feeds, fetches, batch.rows, o.model.io.fixedBatch);
    p.run.runSeconds = (p.run.runSeconds ?? 0) + seconds(started);
    return out;
  } catch (error) {
    p.run.error = `failed while running: ${describeError(error)}`;
    o.context.log(`${p.run.name}: ${p.run.error}`);
    await close(p);
    return null;
  }
}

/** The saved classifier outputs of this batch's rows, as the reference's. */
function savedRows(saved: SavedOutputs, output: string, batch: InputSet): Map<string, HostTensor> {
  const { classes } = saved;
  const data = saved.values.slice(batch.start * classes, (batch.start + batch.rows) * classes);
  return new Map([[output, { type: 'float32', dims: [batch.rows, classes], data }]]);
}

function savedReferenceRun(saved: SavedOutputs, source: string, inputs: ParityInputs, kind: OutputKind): RuntimeRun {
  checkSavedOutputsMatch(saved, inputs.names, source);
  if (saved.kind !== kind) throw new ToolError(`${source}: holds ${saved.kind}, but the model's compared output is ${kind}`);
  const run = newRun(`file:${basename(source)}`, 'file', true);
  return { ...run, available: true, provider: saved.producedBy ? `saved outputs (${saved.producedBy})` : 'saved outputs' };
}

function expectedReferenceRun(inputs: ParityInputs): RuntimeRun {
  if (!inputs.sets.some((s) => s.expected)) throw new ToolError(`--reference ${EXPECTED_REFERENCE}: the inputs carry no expected outputs (only a test case folder with output_K.pb files does)`);
  return { ...newRun(EXPECTED_REFERENCE, 'file', true), available: true, provider: 'the test data sets\' output_K.pb files' };
}

/** Whether an output's top-1 is compared: float [N, classes] with classes > 1, or named by --top1. */
function comparesTop1(reference: HostTensor, output: string, forced: readonly string[]): boolean {
  if (forced.includes(output)) return true;
  return reference.dims.length === 2 && (reference.dims[1] ?? 0) > 1 && (reference.type === 'float32' || reference.type === 'float64' || reference.type === 'float16');
}

/** Rows per batch: --batch-size, else what keeps a batch's feeds under DEFAULT_BATCH_BYTES. */
function rowsPerBatch(o: ParityOptions, sessions: readonly Participant[]): number {
  const first = o.inputs.sets[0];
  const perRow = first ? bytesPerRow(first.feeds, first.rows) : 0;
  let rows = o.batchSize ?? Math.max(1, Math.min(DEFAULT_BATCH, perRow > 0 ? Math.floor(DEFAULT_BATCH_BYTES / perRow) : DEFAULT_BATCH));
  for (const p of sessions) if (p.session?.maxBatch) rows = Math.min(rows, p.session.maxBatch);
  return o.model.io.fixedBatch ?? rows;
}

export async function runParity(o: ParityOptions): Promise<ParityResult> {
  const { inputs, model } = o;
  const io = model.io;
  const isRequired = (name: string) => o.require === null || o.require.has(name);
  const fetches = io.outputs.map((out) => out.name);
  const forcedTop1 = o.top1 ?? [];
  for (const name of forcedTop1) if (!fetches.includes(name)) throw new ToolError(`--top1 ${name}: the model has no output "${name}" (outputs: ${fetches.join(', ')})`);

  const ref = o.reference;
  let reference: Participant;
  if ('runtime' in ref) reference = await open(ref.runtime, o, true);
  else if ('saved' in ref) reference = { run: savedReferenceRun(ref.saved, ref.source, inputs, io.compared.kind), session: null, correct: 0, judged: 0 };
  else reference = { run: expectedReferenceRun(inputs), session: null, correct: 0, judged: 0 };
  const others: Participant[] = [];
  for (const runtime of o.runtimes.filter((r) => r.name !== reference.run.name)) others.push(await open(runtime, o, isRequired(runtime.name)));

  const comparers = new Map<string, Map<string, TensorComparer>>(others.map((p) => [p.run.name, new Map()]));
  let classes = 0;
  let labels: string[] = [];
  let referenceFailed = !reference.run.available;
  try {
    const rows = rowsPerBatch(o, [reference, ...others]);
    let b = 0;
    for await (const batch of allBatches(inputs, rows)) {
      // Progress on long runs: one line per batch once there is more than one.
      if (b++ > 0 || batch.rows < inputs.count) o.context.log(`batch ${b}: rows ${batch.start + 1}-${batch.start + batch.rows} of ${inputs.count}`);
      let want: Map<string, HostTensor> | null;
      if ('runtime' in ref) want = await runOn(reference, batch, fetches, o);
      else if ('saved' in ref) want = savedRows(ref.saved, io.compared.name, batch);
      else want = batch.expected;
      if (!want) {
        referenceFailed = reference.run.error !== null;
        if (referenceFailed) break;
        continue;
      }
      o.onReference?.(batch, want);
      const compared = want.get(io.compared.name);
      if (compared && classes === 0 && comparesTop1(compared, io.compared.name, forcedTop1)) {
        classes = compared.dims.at(-1) ?? 0;
        labels = labelsFor(io, classes, o.modelName);
      }
      for (const p of [reference, ...others]) {
        const got = p === reference ? want : await runOn(p, batch, fetches, o);
        if (!got) continue;
        tallyAccuracy(p, got.get(io.compared.name), batch, inputs.truth);
        if (p === reference) continue;
        const mine = comparers.get(p.run.name)!;
        for (const [name, expected] of want) {
          const actual = got.get(name);
          if (!actual) continue;
          let comparer = mine.get(name);
          if (!comparer) {
            const top1 = comparesTop1(expected, name, forcedTop1);
            const outputLabels = top1 ? (name === io.compared.name ? labels : labelsFor(io, expected.dims.at(-1) ?? 0, o.modelName)) : [];
            comparer = new TensorComparer({ output: name, tolerance: o.tolerance(p.run.name), top1, labels: outputLabels });
            mine.set(name, comparer);
          }
          comparer.add(expected, actual, { start: batch.start, names: inputs.names.slice(batch.start, batch.start + batch.rows) });
        }
      }
    }
  } finally {
    for (const p of [reference, ...others]) await close(p);
  }
  for (const p of [reference, ...others]) if (p.judged > 0) p.run.accuracy = p.correct / p.judged;
  for (const p of others) if (p.run.runSeconds !== null && p.run.error === null) o.context.log(`${p.run.name}: ${inputs.count} rows in ${p.run.runSeconds.toFixed(2)} s`);

  const comparisons: ParityResult['comparisons'] = [];
  for (const p of others) {
    if (p.run.error) continue;
    for (const name of fetches) {
      const comparer = comparers.get(p.run.name)!.get(name);
      if (comparer) comparisons.push({ runtime: p.run.name, reference: reference.run.name, ...comparer.result(), required: p.run.required });
    }
  }
  return verdict(o, reference.run, others.map((p) => p.run), comparisons, referenceFailed, classes, labels);
}

/** Counts top-1 hits of the classifier output against the true labels (CIFAR-10). */
function tallyAccuracy(p: Participant, output: HostTensor | undefined, batch: InputSet, truth: Uint8Array | null): void {
  if (!truth || !output || output.type !== 'float32' || output.dims.length !== 2 || output.dims[0] !== batch.rows) return;
  const predicted = argmaxRows(output.data as Float32Array, batch.rows, output.dims[1]!);
  for (let r = 0; r < batch.rows; r++) if (predicted[r] === truth[batch.start + r]) p.correct++;
  p.judged += batch.rows;
}

function describeFailure(c: Comparison): string {
  const output = `output "${c.output}": `;
  if (c.mismatch) return `${output}${c.mismatch}`;
  const flips = c.top1Agreement === null ? '' : `, ${c.flips.length} top-1 flip${c.flips.length === 1 ? '' : 's'}`;
  const rule = c.rule === 'exact' ? 'differ (compared exactly)' : `beyond atol ${toleranceText(c.tolerance.atol)} / rtol ${toleranceText(c.tolerance.rtol)}`;
  const nonFinite = c.nonFiniteMismatches ? `, ${c.nonFiniteMismatches} NaN/Inf not where the reference has them` : '';
  return `${output}${c.failingElements} of ${c.elements} values ${rule}${nonFinite}${flips}`;
}

function verdict(
  o: ParityOptions,
  reference: RuntimeRun,
  runs: RuntimeRun[],
  comparisons: ParityResult['comparisons'],
  referenceFailed: boolean,
  classes: number,
  labels: string[],
): ParityResult {
  const { inputs, model } = o;
  const problems: string[] = inputs.unreadable.map((u) => u.error);
  let exitCode: ParityResult['exitCode'] = 0;
  if (referenceFailed) {
    problems.push(`reference ${reference.name} produced no outputs: ${reference.error}`);
    exitCode = 2;
  } else {
    for (const run of runs) {
      if (run.required && run.error) problems.push(`${run.name}: ${run.available ? '' : 'unavailable: '}${run.error}`);
    }
    const failed = comparisons.filter((c) => c.required && !c.pass);
    const single = model.io.outputs.length === 1;
    for (const c of failed) problems.push(`${c.runtime}: ${single ? describeFailure(c).replace(/^output "[^"]*": /, '') : describeFailure(c)}`);
    if (failed.length > 0) exitCode = 1;
    else if (problems.length > 0) exitCode = 2;
  }
  if (inputs.count === 0 && exitCode === 0) {
    problems.push('no inputs to compare');
    exitCode = 2;
  }
  const outputs = model.io.outputs.map((out) => ({ name: out.name, kind: out.kind }));
  return {
    pass: problems.length === 0,
    exitCode,
    problems,
    model: o.modelName,
    inputs,
    output: { name: model.io.compared.name, kind: model.io.compared.kind },
    outputs,
    classes,
    labels,
    reference: reference.name,
    runtimes: [reference, ...runs],
    comparisons,
  };
}


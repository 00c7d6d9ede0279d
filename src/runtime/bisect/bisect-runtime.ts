/**
 * Node-by-node bisection of one runtime against a reference, on any DAG: both run a
 * copy of the model in which every intermediate tensor is a graph output, on the same
 * feeds; the first node in topological (graph) order with a value beyond tolerance is
 * where the runtime starts to go wrong. Later nodes inherit the error, so only the first
 * one points at a culprit; its inputs' differences show what it was handed.
 */
import { exposeIntermediates, type IntermediateTensor } from '../../export/expose-intermediates.js';
import type { HostTensor } from '../../graph/host-tensor.js';
import { describeError } from '../../util/errors.js';
import type { Tolerance } from '../parity/tensor-comparison.js';
import { modelFromBytes, type ModelUnderTest } from '../model-under-test.js';
import type { Runtime, RuntimeContext } from '../runtime.js';
import { captureTensors } from './capture-tensors.js';
import { tensorDivergence, type TensorDivergence } from './tensor-divergence.js';

export interface InputDivergence extends TensorDivergence {
  name: string;
  /** `graph input` (fed the same to both), `weight`, or the op type of the node that computed it. */
  from: string;
}

export interface NodeDivergence extends Omit<IntermediateTensor, 'inputs'>, TensorDivergence {
  /** For the first divergence: how far each of its inputs already was (null elsewhere). */
  inputs: InputDivergence[] | null;
}

export interface BisectRun {
  runtime: string;
  reference: string;
  /** Providers that really ran the rewritten model. */
  providers: { runtime: string | null; reference: string | null };
  tolerance: Tolerance;
  /** Positions (in the parity run's rows) of the rows compared. */
  images: number[];
  nodes: NodeDivergence[];
  /** The first node beyond tolerance; null when none diverges (or on error). */
  firstDivergence: NodeDivergence | null;
  /** Why the bisection could not be done, one line. */
  error: string | null;
}

export interface BisectTarget {
  model: ModelUnderTest;
  /** How messages name the model. */
  source: string;
  /** The feeds to bisect on (the chosen rows), and which rows of the run they are. */
  feeds: Map<string, HostTensor>;
  images: number[];
  tolerance: Tolerance;
  context: RuntimeContext;
}

/** What reproducers need: the reference's value of every tensor, the graph inputs included. */
export interface BisectCapture {
  reference: Map<string, HostTensor>;
}

/** Opens `runtime` on the exposed copy, captures every listed tensor, closes it. */
async function capture(runtime: Runtime, exposed: ModelUnderTest, names: string[], t: BisectTarget): Promise<{ provider: string; tensors: Map<string, HostTensor> }> {
  const opened = await runtime.open(exposed, t.context);
  if (!opened.available) throw new Error(`${runtime.name} cannot open the rewritten model: ${opened.reason}`);
  const { session } = opened;
  try {
    const tensors = await captureTensors(session, t.feeds, t.images.length, names, exposed.io.fixedBatch);
    return { provider: session.provider, tensors };
  } catch (error) {
    throw new Error(`${runtime.name} cannot return intermediate tensors: ${describeError(error)}`);
  } finally {
    await session.close().catch(() => {});
  }
}

/** The reference's tensors from the first candidate able to produce them (the chain path cannot). */
async function captureReference(candidates: readonly Runtime[], exposed: ModelUnderTest, names: string[], t: BisectTarget) {
  const refusals: string[] = [];
  for (const runtime of candidates) {
    try {
      return { runtime: runtime.name, ...(await capture(runtime, exposed, names, t)) };
    } catch (error) {
      refusals.push(describeError(error));
    }
  }
  throw new Error(`no reference could capture intermediate tensors: ${refusals.join('; ')}`);
}

function inputDivergences(node: IntermediateTensor, all: readonly IntermediateTensor[], weights: ReadonlySet<string>, want: ReadonlyMap<string, HostTensor>, got: ReadonlyMap<string, HostTensor>, t: BisectTarget): InputDivergence[] {
  const zero = (name: string, from: string, value: HostTensor | undefined): InputDivergence => ({ name, from, maxAbsDiff: 0, failingElements: 0, elements: value?.data.length ?? 0, shapeMismatch: null });
  return node.inputs
    .filter((name) => name !== '')
    .map((name) => {
      if (t.feeds.has(name)) return zero(name, 'graph input', t.feeds.get(name));
      if (weights.has(name)) return zero(name, 'weight', undefined);
      const producer = all.find((x) => x.output === name);
      const expected = want.get(name);
      const actual = got.get(name);
      if (!producer || !expected || !actual) return { ...zero(name, producer?.opType ?? 'not captured', undefined), elements: 0 };
      return { name, from: producer.opType, ...tensorDivergence(expected, actual, t.tolerance) };
    });
}

/**
 * Bisects `runtime` against the first of `references` that can capture intermediate
 * tensors (the parity reference, then a fallback such as ort-node).
 */
export async function bisectRuntime(runtime: Runtime, references: readonly Runtime[], t: BisectTarget): Promise<{ run: BisectRun; capture: BisectCapture | null }> {
  const run: BisectRun = {
    runtime: runtime.name,
    reference: references[0]?.name ?? '',
    providers: { runtime: null, reference: null },
    tolerance: t.tolerance,
    images: t.images,
    nodes: [],
    firstDivergence: null,
    error: null,
  };
  try {
    const exposed = exposeIntermediates(t.model.bytes, t.source, t.model.externalData);
    const exposedModel = modelFromBytes(exposed.bytes, `${t.source} (every intermediate tensor exposed)`);
    const names = exposed.tensors.map((x) => x.output);
    const want = await captureReference(references.filter((r) => r.name !== runtime.name), exposedModel, names, t);
    run.reference = want.runtime;
    run.providers.reference = want.provider;
    const got = await capture(runtime, exposedModel, names, t);
    run.providers.runtime = got.provider;
    run.nodes = exposed.tensors.map(({ inputs: _inputs, ...x }) => ({ ...x, inputs: null, ...tensorDivergence(want.tensors.get(x.output)!, got.tensors.get(x.output)!, t.tolerance) }));
    const first = run.nodes.findIndex((n) => n.failingElements > 0);
    if (first >= 0) {
      const node = run.nodes[first]!;
      node.inputs = inputDivergences(exposed.tensors[first]!, exposed.tensors, exposed.weights, want.tensors, got.tensors, t);
      run.firstDivergence = node;
    }
    return { run, capture: { reference: new Map([...t.feeds, ...want.tensors]) } };
  } catch (error) {
    run.error = describeError(error);
    return { run, capture: null };
  }
}

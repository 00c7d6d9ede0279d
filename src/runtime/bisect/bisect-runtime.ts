/**
 * Node-by-node bisection of one runtime against a reference: both run a copy of the
 * model in which every float32 intermediate tensor is a graph output, on the same
 * images; the first node (in graph order) with a value beyond tolerance is where the
 * runtime starts to go wrong. Later nodes inherit the error, so only the first one
 * points at a culprit.
 */
import { describeError } from '../../util/errors.js';
import { exposeIntermediates, type IntermediateTensor } from '../../export/expose-intermediates.js';
import type { Tolerance } from '../parity/compare.js';
import { modelFromBytes, type ModelUnderTest } from '../model-under-test.js';
import type { NamedTensor, Runtime, RuntimeContext } from '../runtime.js';
import { canCapture, captureTensors, gatherImages } from './capture-tensors.js';
import { tensorDivergence, type TensorDivergence } from './tensor-divergence.js';

export interface NodeDivergence extends IntermediateTensor, TensorDivergence {}

export interface BisectRun {
  runtime: string;
  reference: string;
  /** Providers that really ran the rewritten model. */
  providers: { runtime: string | null; reference: string | null };
  tolerance: Tolerance;
  /** Positions (in the parity run's image list) of the images compared. */
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
  tensors: Float32Array;
  images: number[];
  tolerance: Tolerance;
  context: RuntimeContext;
}

/** What reproducers need: the reference's value of every tensor, the graph input (the images) included. */
export interface BisectCapture {
  reference: Map<string, NamedTensor>;
}

/** Opens `runtime` on the exposed copy, captures every listed tensor, closes it. */
async function capture(runtime: Runtime, exposed: ModelUnderTest, names: string[], t: BisectTarget): Promise<{ provider: string; tensors: Map<string, NamedTensor> }> {
  const opened = await runtime.open(exposed, t.context);
  if (!opened.available) throw new Error(`${runtime.name} cannot open the rewritten model: ${opened.reason}`);
  const { session } = opened;
  try {
    if (!canCapture(session)) throw new Error(`${runtime.name} cannot return intermediate tensors (it does not run ONNX graphs node by node)`);
    const tensors = await captureTensors(session, t.tensors, t.images, names, exposed.io.fixedBatch);
    return { provider: session.provider, tensors };
  } catch (error) {
    throw new Error(`${runtime.name}: ${describeError(error)}`);
  } finally {
    await session.close().catch(() => {});
  }
}

/** The reference's tensors from the first candidate able to produce them (engine runtimes cannot). */
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
    run.nodes = exposed.tensors.map((x) => ({ ...x, ...tensorDivergence(want.tensors.get(x.output)!, got.tensors.get(x.output)!, t.tolerance) }));
    run.firstDivergence = run.nodes.find((n) => n.failingElements > 0) ?? null;
    const images = { dims: [t.images.length, 3, 32, 32], data: gatherImages(t.tensors, t.images) };
    return { run, capture: { reference: new Map([[t.model.io.inputName, images], ...want.tensors]) } };
  } catch (error) {
    run.error = describeError(error);
    return { run, capture: null };
  }
}

/**
 * Feeding a session in batches of rows (the first dimension: images, sequences): a
 * model that fixes its batch size gets exactly that many rows per run, the last batch
 * padded with zero rows whose outputs are dropped — rows never mix, so padding cannot
 * change a real row's output. `runBatches` is the classifier shortcut (float32 images
 * in, the compared output's rows out) that predict and the web page use.
 */
import { allocateData, elementCount, type HostTensor } from '../graph/host-tensor.js';
import type { ModelIO } from './model-io.js';
import type { RuntimeSession } from './runtime.js';

/** LeNet's 3×32×32 image. */
export const IMAGE_VALUES = 3 * 32 * 32;
/** Rows per run when neither the model, the session nor the user sets a size. */
export const DEFAULT_BATCH = 1000;
/** ...and at most this many bytes of feeds per run, so 224×224 images stream too. */
export const DEFAULT_BATCH_BYTES = 64 * 1024 * 1024;

/** Rows [start, start + count) of a tensor whose first dim is the batch. */
export function sliceRows(t: HostTensor, start: number, count: number): HostTensor {
  const perRow = t.dims[0] ? t.data.length / t.dims[0] : 0;
  return { type: t.type, dims: [count, ...t.dims.slice(1)], data: t.data.slice(start * perRow, (start + count) * perRow) };
}

/** `t` with zero rows appended up to `rows`. */
export function padRows(t: HostTensor, rows: number): HostTensor {
  const perRow = t.dims[0] ? t.data.length / t.dims[0] : 0;
  const data = allocateData(t.type, rows * perRow);
  (data as Float32Array).set(t.data as Float32Array);
  return { type: t.type, dims: [rows, ...t.dims.slice(1)], data };
}

/** Tensors joined along the first dim (all of one type and row shape). */
export function concatRows(parts: readonly HostTensor[]): HostTensor {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const data = allocateData(first.type, parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    (data as Float32Array).set(p.data as Float32Array, at);
    at += p.data.length;
  }
  return { type: first.type, dims: [parts.reduce((n, p) => n + (p.dims[0] ?? 0), 0), ...first.dims.slice(1)], data };
}

/** Bytes one row of `feeds` takes (feeds without a batch dim of `rows` are not counted). */
export function bytesPerRow(feeds: ReadonlyMap<string, HostTensor>, rows: number): number {
  let bytes = 0;
  for (const t of feeds.values()) if (t.dims[0] === rows && rows > 0) bytes += t.data.byteLength / rows;
  return bytes;
}

/** Rows per run: the model's fixed batch, else what the session and the caller allow. */
export function batchSizeFor(session: Pick<RuntimeSession, 'maxBatch'>, fixedBatch: number | null, preferred = DEFAULT_BATCH): number {
  if (fixedBatch !== null) return fixedBatch;
  return Math.max(1, Math.min(preferred, session.maxBatch ?? preferred));
}

/**
 * One run of `rows` rows. With a fixed batch larger than `rows`, every feed whose first
 * dim is `rows` is padded with zero rows and every result whose first dim is the fixed
 * batch is cut back to `rows`.
 */
export async function runRows(
  session: RuntimeSession,
  feeds: ReadonlyMap<string, HostTensor>,
  fetches: readonly string[],
  rows: number,
  fixedBatch: number | null,
): Promise<Map<string, HostTensor>> {
  if (fixedBatch === null || fixedBatch <= rows) return session.run(feeds, fetches);
  const padded = new Map([...feeds].map(([name, t]) => [name, t.dims[0] === rows ? padRows(t, fixedBatch) : t]));
  const out = await session.run(padded, fetches);
  return new Map([...out].map(([name, t]) => [name, t.dims[0] === fixedBatch ? sliceRows(t, 0, rows) : t]));
}

export interface BatchedOutput {
  /** count·classes values, row per image, in input order. */
  values: Float32Array;
  classes: number;
}

/** The classifier's interface: where images go in, which output comes back. */
export type ClassifierIO = Pick<ModelIO, 'inputs' | 'image' | 'fixedBatch' | 'compared'>;

/** Runs `count` float32 images ([count, C, H, W] or NHWC, as the model takes them) and returns the compared output's rows. */
export async function runBatches(
  session: RuntimeSession,
  inputs: Float32Array,
  count: number,
  options: { io: ClassifierIO; preferredBatch?: number; onBatch?: (done: number) => void; rowDims?: readonly number[] },
): Promise<BatchedOutput> {
  const { io } = options;
  const input = io.image?.name ?? io.inputs[0]?.name ?? '';
  const perImage = count === 0 ? 0 : inputs.length / count;
  const declared = io.inputs.find((i) => i.name === input)?.dims ?? [null, 3, 32, 32];
  const rowDims = options.rowDims ?? declared.slice(1).map((d) => (typeof d === 'number' ? d : 0));
  if (!Number.isInteger(perImage) || elementCount(rowDims) !== perImage) throw new RangeError(`runBatches: ${inputs.length} values are not ${count} images of [${rowDims.join(',')}]`);
  const size = batchSizeFor(session, io.fixedBatch, options.preferredBatch);
  const fetch = io.compared.name;
  let values: Float32Array | null = null;
  let classes = 0;
  for (let start = 0; start < count; start += size) {
    const real = Math.min(size, count - start);
    const feed: HostTensor = { type: 'float32', dims: [real, ...rowDims], data: inputs.subarray(start * perImage, (start + real) * perImage) };
    const output = (await runRows(session, new Map([[input, feed]]), [fetch], real, io.fixedBatch)).get(fetch)!;
    if (output.type !== 'float32' || output.dims.length !== 2 || output.dims[0] !== real) {
      throw new Error(`output "${fetch}" is ${output.type} [${output.dims.join(',')}], expected float32 [${real},classes]`);
    }
    if (values === null) {
      classes = output.dims[1]!;
      values = new Float32Array(count * classes);
    } else if (output.dims[1] !== classes) {
      throw new Error(`returned ${output.dims[1]} classes per image, earlier ${classes}`);
    }
    values.set(output.data as Float32Array, start * classes);
    options.onBatch?.(start + real);
  }
  return { values: values ?? new Float32Array(0), classes };
}

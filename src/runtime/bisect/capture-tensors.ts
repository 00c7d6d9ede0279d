/**
 * Runs chosen images through a session and captures named tensors, batch by batch (a
 * model with a fixed batch size gets exactly that many images per run, padded with
 * zero images whose rows are dropped), concatenated along the batch dimension.
 */
import { IMAGE_VALUES } from '../run-batches.js';
import type { NamedTensor, RuntimeSession } from '../runtime.js';

type NamedSession = RuntimeSession & Required<Pick<RuntimeSession, 'runNamed'>>;

export function canCapture(session: RuntimeSession): session is NamedSession {
  return typeof session.runNamed === 'function';
}

/** The chosen images, one after another, as one [images,3,32,32] block. */
export function gatherImages(tensors: Float32Array, images: readonly number[]): Float32Array {
  const out = new Float32Array(images.length * IMAGE_VALUES);
  images.forEach((image, i) => out.set(tensors.subarray(image * IMAGE_VALUES, (image + 1) * IMAGE_VALUES), i * IMAGE_VALUES));
  return out;
}

/** Rows [0, real) of a tensor whose first dimension is the batch. */
function firstRows(t: NamedTensor, batch: number, real: number): NamedTensor {
  if (real === batch || t.dims[0] !== batch) return t;
  const perRow = t.data.length / batch;
  return { dims: [real, ...t.dims.slice(1)], data: t.data.subarray(0, real * perRow) };
}

function concatRows(parts: NamedTensor[]): NamedTensor {
  if (parts.length === 1) return parts[0]!;
  const data = new Float32Array(parts.reduce((n, p) => n + p.data.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p.data, at);
    at += p.data.length;
  }
  return { dims: [parts.reduce((n, p) => n + (p.dims[0] ?? 0), 0), ...parts[0]!.dims.slice(1)], data };
}

export async function captureTensors(
  session: NamedSession,
  tensors: Float32Array,
  images: readonly number[],
  names: readonly string[],
  fixedBatch: number | null,
): Promise<Map<string, NamedTensor>> {
  const input = gatherImages(tensors, images);
  const size = fixedBatch ?? Math.max(1, images.length);
  const parts = new Map<string, NamedTensor[]>(names.map((n) => [n, []]));
  for (let start = 0; start < images.length; start += size) {
    const real = Math.min(size, images.length - start);
    const batch = new Float32Array(size * IMAGE_VALUES);
    batch.set(input.subarray(start * IMAGE_VALUES, (start + real) * IMAGE_VALUES));
    const captured = await session.runNamed(batch, size, names);
    for (const name of names) {
      const t = captured.get(name);
      if (!t) throw new Error(`did not return tensor "${name}"`);
      parts.get(name)!.push(firstRows(t, size, real));
    }
  }
  return new Map([...parts].map(([name, p]) => [name, concatRows(p)]));
}

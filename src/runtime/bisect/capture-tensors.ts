/**
 * Runs chosen rows through a session and captures named tensors. A model with a fixed
 * batch size gets exactly that many rows per run (padded with zero rows whose results
 * are dropped); tensors with a row per input row are joined along the first dim, the
 * others (shape arithmetic, weights-only values) are taken from the first run.
 */
import type { HostTensor } from '../../graph/host-tensor.js';
import { concatRows, runRows, sliceRows } from '../run-batches.js';
import type { RuntimeSession } from '../runtime.js';

export async function captureTensors(
  session: RuntimeSession,
  feeds: ReadonlyMap<string, HostTensor>,
  rows: number,
  names: readonly string[],
  fixedBatch: number | null,
): Promise<Map<string, HostTensor>> {
  const size = fixedBatch ?? Math.max(1, rows);
  const splittable = [...feeds.values()].every((t) => t.dims[0] === rows);
  if (!splittable || rows <= size) return runRows(session, feeds, names, rows, fixedBatch);
  const parts = new Map<string, HostTensor[]>(names.map((n) => [n, []]));
  for (let start = 0; start < rows; start += size) {
    const real = Math.min(size, rows - start);
    const chunk = new Map([...feeds].map(([name, t]) => [name, sliceRows(t, start, real)]));
    const captured = await runRows(session, chunk, names, real, fixedBatch);
    for (const name of names) {
      const t = captured.get(name);
      if (!t) throw new Error(`did not return tensor "${name}"`);
      parts.get(name)!.push(t);
    }
  }
  return new Map(
    [...parts].map(([name, p]) => {
      const perRow = p.every((t, i) => t.dims[0] === Math.min(size, rows - i * size));
      return [name, perRow ? concatRows(p) : p[0]!];
    }),
  );
}

/** The first few JPEG members of ../shared/data/cifar10-jpg.tar.gz (read until found, never the whole archive). */
import { readTarFile } from '../../../src/util/archive/tar-reader.js';
import { cifarArchive } from '../../helpers/paths.js';

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export async function firstCifarJpegs(count: number): Promise<NamedBytes[]> {
  const found: NamedBytes[] = [];
  for await (const entry of readTarFile(cifarArchive)) {
    if (entry.type !== 'file' || !entry.path.endsWith('.jpg')) continue;
    found.push({ name: entry.path, bytes: new Uint8Array(entry.data) });
    if (found.length === count) break;
  }
  if (found.length < count) throw new Error(`${cifarArchive}: only ${found.length} JPEG members, wanted ${count}`);
  return found;
}

/**
 * External tensor data from files already in memory, for a page that was handed a model
 * and its data files (dropped, or unzipped) and has no file system to read them from.
 * The same checks as on disk: the declared length must match the dims, and the bytes
 * must lie inside the file.
 */
import { ToolError } from '../util/errors.js';
import { ExternalDataReader, type ExternalDataSource, type ExternalLocation } from './external-data.js';
import type { ExternalDataBytes } from './inline-external-data.js';

/** `./weights.bin` and `weights.bin` name the same file. */
const normalise = (location: string) => location.replace(/\\/g, '/').replace(/^(\.\/)+/, '');

export class InMemoryExternalData implements ExternalDataSource {
  private readonly files: Map<string, Uint8Array>;

  constructor(
    files: readonly ExternalDataBytes[],
    private readonly source: string,
  ) {
    this.files = new Map(files.map((f) => [normalise(f.path), f.data]));
  }

  read(loc: ExternalLocation, byteLength: number, tensorName: string): Uint8Array {
    const where = `${this.source}: tensor "${tensorName}"`;
    if (loc.length !== null && loc.length !== byteLength) {
      throw new ToolError(`${where}: external data length ${loc.length} does not match its dims (${byteLength} bytes)`);
    }
    const data = this.files.get(normalise(loc.location));
    if (!data) throw new ToolError(`${where}: weights are in external file "${loc.location}", which was not given with the model`);
    if (loc.offset > data.length || byteLength > data.length - loc.offset) {
      throw new ToolError(`${where}: external data [${loc.offset}, ${loc.offset + byteLength}) lies beyond the end of "${loc.location}" (${data.length} bytes)`);
    }
    return data.subarray(loc.offset, loc.offset + byteLength);
  }

  close(): void {}
}

/** External data from memory when the files are given, else from `baseDir` on disk. */
export function externalDataSource(options: { baseDir?: string; externalData?: readonly ExternalDataBytes[] }, source: string): ExternalDataSource {
  return options.externalData ? new InMemoryExternalData(options.externalData, source) : new ExternalDataReader(options.baseDir, source);
}

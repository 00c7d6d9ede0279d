/**
 * ONNX external data: tensor bytes kept in a side file named by the tensor's
 * `external_data` entries (location, offset, length), resolved relative to the model's
 * folder. Paths leaving that folder are refused, and offset/length are checked against
 * the file's real size before anything is allocated or read.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ToolError } from '../util/errors.js';
import type { StringStringEntry } from './onnx-proto.js';

export interface ExternalLocation {
  location: string;
  offset: number;
  /** Declared byte length, when given. */
  length: number | null;
}

function decimal(value: string, what: string): number {
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) throw new ToolError(`${what} "${value}" is not a byte count`);
  return Number(value);
}

/** Parse a tensor's external_data entries. */
export function parseExternalLocation(entries: StringStringEntry[], where: string): ExternalLocation {
  let location: string | null = null;
  let offset = 0;
  let length: number | null = null;
  for (const { key, value } of entries) {
    const v = value ?? '';
    if (key === 'location') location = v;
    else if (key === 'offset') offset = decimal(v, `${where}: external data offset`);
    else if (key === 'length') length = decimal(v, `${where}: external data length`);
    // `checksum` (optional SHA1) and unknown keys carry nothing we need.
  }
  if (!location) throw new ToolError(`${where}: external data without a location`);
  return { location, offset, length };
}

function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

interface OpenFile {
  fd: number;
  size: number;
}

/** Where a model's external tensor bytes come from: files on disk, or files already in memory (a browser page). */
export interface ExternalDataSource {
  /** Exactly `byteLength` bytes for the tensor at `loc`, after every bounds check. */
  read(loc: ExternalLocation, byteLength: number, tensorName: string): Uint8Array;
  close(): void;
}

/** Reads external tensor data below one model folder; call `close()` when done. */
export class ExternalDataReader implements ExternalDataSource {
  private readonly files = new Map<string, OpenFile>();

  constructor(
    private readonly baseDir: string | undefined,
    private readonly source: string,
  ) {}

  /** Exactly `byteLength` bytes for the tensor at `loc`, after every bounds check. */
  read(loc: ExternalLocation, byteLength: number, tensorName: string): Uint8Array {
    const where = `${this.source}: tensor "${tensorName}"`;
    if (loc.length !== null && loc.length !== byteLength) {
      throw new ToolError(`${where}: external data length ${loc.length} does not match its dims (${byteLength} bytes)`);
    }
    const file = this.open(loc.location, where);
    if (loc.offset > file.size || byteLength > file.size - loc.offset) {
      throw new ToolError(`${where}: external data [${loc.offset}, ${loc.offset + byteLength}) lies beyond the end of "${loc.location}" (${file.size} bytes)`);
    }
    const out = new Uint8Array(byteLength);
    let done = 0;
    while (done < byteLength) {
      const n = readSync(file.fd, out, done, byteLength - done, loc.offset + done);
      if (n === 0) throw new ToolError(`${where}: "${loc.location}" ended early`);
      done += n;
    }
    return out;
  }

  close(): void {
    for (const { fd } of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  private open(location: string, where: string): OpenFile {
    if (this.baseDir === undefined) {
      throw new ToolError(`${where}: weights are in external file "${location}"; load the model from its file (or pass baseDir)`);
    }
    const path = resolve(this.baseDir, location);
    const cached = this.files.get(path);
    if (cached) return cached;
    const real = externalDataFile(this.baseDir, location, where);
    let fd: number;
    try {
      fd = openSync(real, 'r');
    } catch (err) {
      throw new ToolError(`${where}: cannot open external data file "${location}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const stat = fstatSync(fd);
    if (!stat.isFile()) {
      closeSync(fd);
      throw new ToolError(`${where}: external data location "${location}" is not a file`);
    }
    const file = { fd, size: stat.size };
    this.files.set(path, file);
    return file;
  }
}

/**
 * The real path of the file an external-data `location` names, checked as the importer
 * checks it: relative, inside the model's folder (symlinks included), present.
 * `inspect` runs the same checks without reading the data.
 */
export function externalDataFile(baseDir: string, location: string, where: string): string {
  if (location.includes('\0') || isAbsolute(location) || /^[a-zA-Z]:|^[\\/]/.test(location)) {
    throw new ToolError(`${where}: external data location "${location}" must be a relative path`);
  }
  const base = resolve(baseDir);
  const path = resolve(base, location);
  if (!isInside(base, path)) throw new ToolError(`${where}: external data location "${location}" leaves the model's folder`);
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new ToolError(`${where}: external data file "${location}" not found next to the model (in ${base})`);
  }
  // A symlink inside the folder must not lead outside it either.
  if (!isInside(realpathSync(base), real)) throw new ToolError(`${where}: external data location "${location}" leaves the model's folder`);
  return real;
}

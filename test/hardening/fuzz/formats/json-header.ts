/**
 * Files made of magic + a length-prefixed JSON header + binary data (our checkpoint and
 * decoded cache): split them, change the header, and join them with a matching length.
 */
import { concat } from '../generic-mutators.js';

export interface JsonHeaderLayout {
  /** Bytes before the header (magic, length field, …). */
  preamble: number;
  /** Where the little-endian u32 header length sits. */
  lengthAt: number;
}

export interface SplitFile {
  preamble: Uint8Array;
  header: unknown;
  body: Uint8Array;
}

export function splitJsonHeader(file: Uint8Array, layout: JsonHeaderLayout): SplitFile | null {
  if (file.length < layout.preamble) return null;
  const length = new DataView(file.buffer, file.byteOffset).getUint32(layout.lengthAt, true);
  try {
    const header: unknown = JSON.parse(Buffer.from(file.subarray(layout.preamble, layout.preamble + length)).toString('utf8'));
    return { preamble: file.slice(0, layout.preamble), header, body: file.subarray(layout.preamble + length) };
  } catch {
    return null;
  }
}

export function joinJsonHeader(parts: SplitFile, layout: JsonHeaderLayout): Uint8Array {
  const json = Buffer.from(JSON.stringify(parts.header));
  const preamble = parts.preamble.slice();
  new DataView(preamble.buffer).setUint32(layout.lengthAt, json.length, true);
  return concat([preamble, json, parts.body]);
}

/** Paths to every leaf (number, string, boolean, null) of a JSON value. */
export function jsonLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => jsonLeaves(v, [...path, k]));
}

export function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  if (path.length === 0) return;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

/** Values of the wrong type or absurd size, to put where a header had something sensible. */
export const HOSTILE_JSON: unknown[] = [null, -1, 0.5, 2 ** 53, 1e308, '', 'x', [], {}, true, -(2 ** 31), '__proto__'];

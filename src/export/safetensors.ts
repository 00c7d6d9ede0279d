/**
 * safetensors (Hugging Face): 8-byte little-endian header length, a JSON header
 * mapping tensor names to {dtype, shape, data_offsets} (plus optional `__metadata__`
 * string map), then the concatenated little-endian tensor bytes. We write F32 under
 * the spec's parameter names (`net.0.weight` …), which is what the seed's PyTorch
 * LeNet state_dict uses; we read F32, and F64/F16/BF16 converted to float32.
 */
import { readFileSync, statSync } from 'node:fs';
import { formatShape } from '../graph/format-shape.js';
import type { ParamData } from '../graph/model-spec.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { ToolError } from '../util/errors.js';
import { decodeFloats, float32ToBytes, FLOAT_ENCODING_BYTES, type FloatEncoding } from './le-bytes.js';
import { elementCount } from './chain-shapes.js';
import { MAX_TENSOR_ELEMENTS } from './tensor-data.js';

export interface SafetensorsContents {
  tensors: Record<string, ParamData>;
  metadata: Record<string, string>;
}

const METADATA_KEY = '__metadata__';
/** The reference implementation refuses larger headers too. */
const MAX_HEADER_BYTES = 100_000_000;

const DTYPES: Record<string, FloatEncoding> = { F32: 'f32', F64: 'f64', F16: 'f16', BF16: 'bf16' };

/** Serialise float32 tensors (in the record's order) and optional string metadata. */
export function writeSafetensors(tensors: Record<string, ParamData>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header[METADATA_KEY] = { ...metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, { shape, data }] of Object.entries(tensors)) {
    if (name === METADATA_KEY) throw new ToolError(`safetensors: "${METADATA_KEY}" cannot name a tensor`);
    if (data.length !== elementCount(shape)) throw new ToolError(`safetensors: tensor "${name}" has ${data.length} values for shape ${formatShape(shape)}`);
    const bytes = float32ToBytes(data);
    header[name] = { dtype: 'F32', shape: [...shape], data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
  const jsonBytes = () => new TextEncoder().encode(json);
  while ((8 + jsonBytes().length) % 8 !== 0) json += ' ';
  const head = jsonBytes();
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function isCount(n: unknown): n is number {
  return Number.isSafeInteger(n) && (n as number) >= 0;
}

function parseHeader(bytes: Uint8Array, source: string): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw new ToolError(`${source}: too short for a safetensors file`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new ToolError(`${source}: header length ${declared} exceeds the file (${bytes.length} bytes)`);
  }
  const length = Number(declared);
  let header: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + length));
    if (!text.startsWith('{')) throw new Error('not an object');
    header = JSON.parse(text);
  } catch {
    throw new ToolError(`${source}: header is not a JSON object`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new ToolError(`${source}: header is not a JSON object`);
  return { header: header as Record<string, unknown>, dataStart: 8 + length };
}

/** Parse safetensors bytes; every offset and size is checked before data is copied. */
export function readSafetensors(bytes: Uint8Array, source = 'weights.safetensors'): SafetensorsContents {
  const { header, dataStart } = parseHeader(bytes, source);
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: { name: string; encoding: FloatEncoding; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === METADATA_KEY) {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ToolError(`${source}: ${METADATA_KEY} must be an object`);
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw new ToolError(`${source}: ${METADATA_KEY} value "${k}" is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const info = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const where = `${source}: tensor "${name}"`;
    if (typeof info !== 'object' || info === null) throw new ToolError(`${where}: entry is not an object`);
    const encoding = typeof info.dtype === 'string' && Object.hasOwn(DTYPES, info.dtype) ? DTYPES[info.dtype]! : null;
    if (!encoding) throw new ToolError(`${where}: dtype ${JSON.stringify(info.dtype)} not supported (F32, F64, F16, BF16)`);
    const shape = info.shape;
    if (!Array.isArray(shape) || !shape.every(isCount)) throw new ToolError(`${where}: shape must be an array of non-negative integers`);
    const count = shape.reduce((a: number, b: number) => a * b, 1);
    if (count > MAX_TENSOR_ELEMENTS) throw new ToolError(`${where}: shape ${formatShape(shape)} is absurdly large`);
    const offsets = info.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0]! > offsets[1]! || offsets[1]! > dataLength) {
      throw new ToolError(`${where}: data_offsets ${JSON.stringify(offsets)} outside the ${dataLength}-byte data section`);
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== count * FLOAT_ENCODING_BYTES[encoding]) {
      throw new ToolError(`${where}: ${end - begin} bytes for ${info.dtype} ${formatShape(shape)} (needs ${count * FLOAT_ENCODING_BYTES[encoding]})`);
    }
    entries.push({ name, encoding, shape, begin, end });
  }
  // The format requires tensors to tile the data section exactly: no gaps, no overlaps.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of sorted) {
    if (e.begin !== expected) throw new ToolError(`${source}: tensor "${e.name}" data does not follow the previous tensor (gap or overlap at byte ${e.begin})`);
    expected = e.end;
  }
  if (expected !== dataLength) throw new ToolError(`${source}: ${dataLength - expected} trailing bytes not covered by any tensor`);
  const tensors: Record<string, ParamData> = {};
  for (const e of entries) {
    const count = e.shape.reduce((a, b) => a * b, 1);
    tensors[e.name] = { shape: e.shape, data: decodeFloats(bytes.subarray(dataStart + e.begin, dataStart + e.end), e.encoding, count) };
  }
  return { tensors, metadata };
}

export function saveSafetensors(path: string, tensors: Record<string, ParamData>, metadata: Record<string, string> = {}): void {
  writeFileAtomic(path, writeSafetensors(tensors, metadata));
}

export function loadSafetensors(path: string): SafetensorsContents {
  try {
    if (!statSync(path).isFile()) throw new ToolError(`${path}: not a file`);
  } catch (err) {
    if (err instanceof ToolError) throw err;
    throw new ToolError(`${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return readSafetensors(readFileSync(path), path);
}

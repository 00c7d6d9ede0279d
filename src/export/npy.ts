/**
 * NumPy's `.npy` format ↔ HostTensor, for `verify-parity --input NAME=FILE.npy` and for
 * saving tensors a Python user can `numpy.load`. Every element type we carry, either
 * byte order, C or Fortran order, format versions 1.0–3.0 (numpy.lib.format).
 *
 *     "\x93NUMPY" major minor  header-length (uint16 LE in 1.0, uint32 LE in 2.0/3.0)
 *     {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }   padded, ends in \n
 *     the data, row-major (or column-major when fortran_order)
 */
import { allocateData, bytesPerElement, elementCount, type ElementType, type HostTensor, type TensorData } from '../graph/host-tensor.js';
import { formatShape } from '../graph/format-shape.js';
import { ToolError } from '../util/errors.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** descr kind+size (without the byte-order character) ↔ element type. */
const DESCR_TYPES: Record<string, ElementType> = {
  f2: 'float16', f4: 'float32', f8: 'float64',
  i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64',
  u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  b1: 'bool',
};
const TYPE_DESCRS = new Map(Object.entries(DESCR_TYPES).map(([descr, type]) => [type, descr]));

interface NpyHeader {
  type: ElementType;
  bigEndian: boolean;
  fortranOrder: boolean;
  dims: number[];
}

function headerField(header: string, key: string, source: string): string {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(header);
  if (!match) throw new ToolError(`${source}: .npy header has no "${key}" (${header.trim()})`);
  return match[1]!;
}

function parseHeader(header: string, source: string): NpyHeader {
  const descr = headerField(header, 'descr', source).slice(1, -1);
  const order = descr[0] === '<' || descr[0] === '>' || descr[0] === '|' || descr[0] === '=' ? descr[0] : '';
  const type = DESCR_TYPES[descr.slice(order.length)];
  if (!type) {
    const supported = [...TYPE_DESCRS.values()].join(', ');
    throw new ToolError(`${source}: .npy dtype '${descr}' is not supported (supported kinds: ${supported}; structured, string and object arrays are not)`);
  }
  const shapeText = headerField(header, 'shape', source);
  const dims = shapeText
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const d = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(d) || d < 0) throw new ToolError(`${source}: .npy shape ${shapeText} is not a list of sizes`);
      return d;
    });
  return { type, bigEndian: order === '>', fortranOrder: headerField(header, 'fortran_order', source) === 'True', dims };
}

/** Swaps each element's bytes in place (big-endian files). */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let at = 0; at < bytes.length; at += width) {
    for (let i = 0, j = width - 1; i < j; i++, j--) {
      const t = bytes[at + i]!;
      bytes[at + i] = bytes[at + j]!;
      bytes[at + j] = t;
    }
  }
}

/** Column-major data → row-major (what every runtime expects). */
function fortranToC(data: TensorData, dims: readonly number[]): TensorData {
  const out = data.slice();
  const count = data.length;
  const rank = dims.length;
  const index = new Array<number>(rank).fill(0);
  // Walk C order, computing each element's Fortran (first index fastest) offset.
  for (let c = 0; c < count; c++) {
    let f = 0;
    let stride = 1;
    for (let k = 0; k < rank; k++) {
      f += index[k]! * stride;
      stride *= dims[k]!;
    }
    // Same typed-array class on both sides, so numbers stay numbers and bigints bigints.
    (out as unknown as unknown[])[c] = (data as unknown as unknown[])[f];
    for (let k = rank - 1; k >= 0; k--) {
      if (++index[k]! < dims[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

/** Reads a .npy file's bytes. `source` names the file in errors. */
export function decodeNpy(bytes: Uint8Array, source: string): HostTensor {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ToolError(`${source}: not a .npy file (no \\x93NUMPY magic)`);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new ToolError(`${source}: .npy format version ${major}.${bytes[7]} is not supported (1.0 to 3.0)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new ToolError(`${source}: .npy file ends inside its header`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) throw new ToolError(`${source}: .npy file ends inside its header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));
  const { type, bigEndian, fortranOrder, dims } = parseHeader(header, source);

  const count = elementCount(dims);
  const width = bytesPerElement(type);
  const stored = bytes.length - dataStart;
  if (stored !== count * width) {
    throw new ToolError(`${source}: .npy ${type} ${formatShape(dims)} needs ${count * width} data bytes, the file has ${stored}`);
  }
  const data = allocateData(type, count);
  const target = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  target.set(bytes.subarray(dataStart));
  if (bigEndian && width > 1) swapBytes(target, width);
  if (type === 'bool') for (let i = 0; i < count; i++) target[i] = target[i] ? 1 : 0;
  return { type, dims, data: fortranOrder && dims.length > 1 ? fortranToC(data, dims) : data };
}

function shapeLiteral(dims: readonly number[]): string {
  if (dims.length === 1) return `(${dims[0]},)`;
  return `(${dims.join(', ')})`;
}

/** A version 1.0 .npy file (little-endian, C order), as numpy.save writes it. */
export function encodeNpy(t: HostTensor): Uint8Array {
  if (t.data.length !== elementCount(t.dims)) throw new RangeError(`encodeNpy: ${t.type} ${formatShape(t.dims)} needs ${elementCount(t.dims)} values, got ${t.data.length}`);
  const descr = `${t.type === 'bool' || bytesPerElement(t.type) === 1 ? '|' : '<'}${TYPE_DESCRS.get(t.type)}`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeLiteral(t.dims)}, }`;
  // numpy pads with spaces so the data starts on a 64-byte boundary, then a newline.
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const data = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = new Uint8Array(10 + headerBytes.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  out.set(data, 10 + headerBytes.length);
  return out;
}

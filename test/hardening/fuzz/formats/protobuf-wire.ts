/**
 * Just enough of the protobuf wire format to lie in it: where every length prefix and
 * varint sits, found by walking the bytes (nested messages included) without a schema.
 */
export interface WireField {
  /** Wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  /** Where the varint (the value for type 0, the length for type 2) starts and ends. */
  varintAt: number;
  varintEnd: number;
  /** For type 2: the payload's bounds. */
  valueAt: number;
  valueEnd: number;
}

function readVarint(b: Uint8Array, at: number, end: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 10 && at + i < end; i++) {
    value += (b[at + i]! & 0x7f) * 2 ** (7 * i);
    if ((b[at + i]! & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return null;
}

/** The fields of b[start, end) if they parse as a message, else null. */
function parseMessage(b: Uint8Array, start: number, end: number): WireField[] | null {
  const fields: WireField[] = [];
  let at = start;
  while (at < end) {
    const tag = readVarint(b, at, end);
    if (!tag || tag.value < 8) return null;
    const wireType = tag.value % 8;
    const v = readVarint(b, tag.next, end);
    if (wireType === 0) {
      if (!v) return null;
      fields.push({ wireType, varintAt: tag.next, varintEnd: v.next, valueAt: v.next, valueEnd: v.next });
      at = v.next;
    } else if (wireType === 2) {
      if (!v || v.next + v.value > end) return null;
      fields.push({ wireType, varintAt: tag.next, varintEnd: v.next, valueAt: v.next, valueEnd: v.next + v.value });
      at = v.next + v.value;
    } else if (wireType === 1 || wireType === 5) {
      at = tag.next + (wireType === 1 ? 8 : 4);
      if (at > end) return null;
    } else return null;
  }
  return fields;
}

const cache = new WeakMap<Uint8Array, WireField[]>();

/** Every varint and length prefix of a message, descending into payloads that parse as messages. */
export function wireFields(bytes: Uint8Array, maxDepth = 8): WireField[] {
  const known = cache.get(bytes);
  if (known) return known;
  const all: WireField[] = [];
  const walk = (start: number, end: number, depth: number): void => {
    const fields = parseMessage(bytes, start, end);
    if (!fields) return;
    all.push(...fields);
    if (depth < maxDepth) for (const f of fields) if (f.wireType === 2 && f.valueEnd > f.valueAt) walk(f.valueAt, f.valueEnd, depth + 1);
  };
  walk(0, bytes.length, 0);
  cache.set(bytes, all);
  return all;
}

/** `value` as a protobuf varint (up to 2^64 - 1). */
export function encodeVarint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v ? low | 0x80 : low);
  } while (v);
  return Uint8Array.from(out);
}

/** `bytes` with the varint of `field` replaced by `value`. */
export function replaceVarint(bytes: Uint8Array, field: WireField, value: number | bigint): Uint8Array {
  const encoded = encodeVarint(value);
  const out = new Uint8Array(bytes.length - (field.varintEnd - field.varintAt) + encoded.length);
  out.set(bytes.subarray(0, field.varintAt));
  out.set(encoded, field.varintAt);
  out.set(bytes.subarray(field.varintEnd), field.varintAt + encoded.length);
  return out;
}

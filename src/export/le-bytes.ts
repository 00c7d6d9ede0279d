/**
 * Little-endian tensor bytes ↔ typed arrays. ONNX raw_data and safetensors are both
 * little-endian by definition; going through DataView keeps that true on any host.
 */

export function float32ToBytes(data: Float32Array): Uint8Array {
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** IEEE 754 binary16 bits → number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero or subnormal
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bfloatScratch = new DataView(new ArrayBuffer(4));

/** bfloat16 bits are the high half of a float32. */
export function bfloat16ToFloat(bits: number): number {
  bfloatScratch.setUint32(0, (bits & 0xffff) << 16);
  return bfloatScratch.getFloat32(0);
}

export type FloatEncoding = 'f32' | 'f64' | 'f16' | 'bf16';

export const FLOAT_ENCODING_BYTES: Record<FloatEncoding, number> = { f32: 4, f64: 8, f16: 2, bf16: 2 };

/** Decode `count` little-endian floats of `encoding` from `bytes` into a new Float32Array. */
export function decodeFloats(bytes: Uint8Array, encoding: FloatEncoding, count: number): Float32Array {
  const view = viewOf(bytes);
  const out = new Float32Array(count);
  switch (encoding) {
    case 'f32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      break;
    case 'f64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case 'f16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      break;
    case 'bf16':
      for (let i = 0; i < count; i++) out[i] = bfloat16ToFloat(view.getUint16(i * 2, true));
      break;
  }
  return out;
}

/** Decode `count` little-endian signed integers of `width` bytes (4 or 8); int64 values must fit a double exactly. */
export function decodeInts(bytes: Uint8Array, width: 4 | 8, count: number): number[] | null {
  const view = viewOf(bytes);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    if (width === 4) {
      out.push(view.getInt32(i * 4, true));
    } else {
      const big = view.getBigInt64(i * 8, true);
      if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) return null;
      out.push(Number(big));
    }
  }
  return out;
}

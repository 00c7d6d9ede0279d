/**
 * Element type conversion with ONNX Cast semantics (numpy's astype): floats to ints
 * truncate toward zero, anything to bool is "not zero", float16 is rounded to nearest
 * even. Devices use it to move float32 into float64 storage and back; the Cast kernel
 * uses it for every pair of types.
 */
import { allocateData, halfBitsToNumber, isBigIntType, numberToHalfBits, type ElementType, type HostTensor, type TensorData } from '../host-tensor.js';

/** Element `i` of `data` (of `type`) as a number or, for int64/uint64, a bigint. */
function read(type: ElementType, data: TensorData, i: number): number | bigint {
  const v = data[i]!;
  return type === 'float16' ? halfBitsToNumber(v as number) : v;
}

function toNumber(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function toBigInt(v: number | bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isFinite(v)) return v > 0 ? 0x7fffffffffffffffn : -0x8000000000000000n; // NaN, as C's cast does on x86
  return BigInt(Math.trunc(v));
}

/** `t` as `to`; returns `t` itself when the type already matches. */
export function castTensor(t: HostTensor, to: ElementType): HostTensor {
  if (t.type === to) return t;
  const n = t.data.length;
  const out = allocateData(to, n);
  if (to === 'bool') {
    for (let i = 0; i < n; i++) {
      const v = read(t.type, t.data, i);
      out[i] = v !== 0 && v !== 0n ? 1 : 0;
    }
  } else if (to === 'float16') {
    for (let i = 0; i < n; i++) out[i] = numberToHalfBits(toNumber(read(t.type, t.data, i)));
  } else if (isBigIntType(to)) {
    const wrap = to === 'uint64' ? (v: bigint) => BigInt.asUintN(64, v) : (v: bigint) => BigInt.asIntN(64, v);
    for (let i = 0; i < n; i++) out[i] = wrap(toBigInt(read(t.type, t.data, i)));
  } else if (to === 'float32' || to === 'float64') {
    for (let i = 0; i < n; i++) out[i] = toNumber(read(t.type, t.data, i));
  } else if (isBigIntType(t.type)) {
    for (let i = 0; i < n; i++) out[i] = Number(BigInt.asIntN(32, t.data[i] as bigint));
  } else {
    // Typed-array stores wrap integers modulo 2^bits after truncation toward zero.
    for (let i = 0; i < n; i++) out[i] = Math.trunc(toNumber(read(t.type, t.data, i)));
  }
  return { type: to, dims: [...t.dims], data: out };
}

/** Values of a float tensor rounded to the precision of `precision`, kept in `t`'s storage type. */
export function roundToPrecision(t: HostTensor, precision: ElementType): HostTensor {
  if (t.type === precision || precision === 'float64' || !(t.type === 'float32' || t.type === 'float64')) return t;
  const out = allocateData(t.type, t.data.length) as Float32Array | Float64Array;
  const src = t.data as Float32Array | Float64Array;
  if (precision === 'float32') for (let i = 0; i < src.length; i++) out[i] = Math.fround(src[i]!);
  else for (let i = 0; i < src.length; i++) out[i] = halfBitsToNumber(numberToHalfBits(src[i]!));
  return { type: t.type, dims: t.dims, data: out };
}

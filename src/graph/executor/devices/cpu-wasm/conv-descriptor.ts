/**
 * The descriptor the wasm convolution kernels read their geometry from (one heap
 * block, rewritten per call): field indices mirror assembly/cpu-kernels/nn-epilogue.ts.
 */
export const DESCRIPTOR_FIELDS = [
  'x', 'w', 'bias', 'y', 'scratch', 'scratchStride', 'n', 'c', 'h', 'wIn', 'm', 'kh', 'kw', 'sh', 'sw', 'dh', 'dw',
  'pt', 'pl', 'pb', 'pr', 'oh', 'ow', 'xImage', 'yImage', 'panelsPerChunk', 'colsPerChunk', 'clamp', 'lo', 'hi',
] as const;

export type ConvDescriptor = Record<(typeof DESCRIPTOR_FIELDS)[number], number>;

/** Fields stored as float bits. */
const FLOAT_FIELDS = new Set<string>(['lo', 'hi']);

/** Writes `d` at byte offset `ptr` of `buffer`. */
export function writeDescriptor(buffer: ArrayBufferLike, ptr: number, d: ConvDescriptor): void {
  const ints = new Int32Array(buffer, ptr, DESCRIPTOR_FIELDS.length);
  const floats = new Float32Array(buffer, ptr, DESCRIPTOR_FIELDS.length);
  DESCRIPTOR_FIELDS.forEach((name, i) => {
    if (FLOAT_FIELDS.has(name)) floats[i] = d[name];
    else ints[i] = d[name];
  });
}

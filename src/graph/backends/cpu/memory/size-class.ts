/**
 * Size classes for pooled buffers: requests are rounded up so that slightly different
 * sizes (the last, smaller batch of an epoch; evaluation batches) reuse the same
 * buffers. Waste is at most 12.5% above 1 KiB.
 */
export const ALIGN_BYTES = 64;
/** Kernels may read a few floats past a buffer's end (vector tails); this keeps that in bounds. */
export const SLACK_BYTES = 64;

export function sizeClassBytes(bytes: number): number {
  const need = bytes + SLACK_BYTES;
  if (need <= 1024) return Math.ceil(need / ALIGN_BYTES) * ALIGN_BYTES;
  const step = 2 ** (Math.floor(Math.log2(need)) - 3);
  return Math.ceil(need / step) * step;
}

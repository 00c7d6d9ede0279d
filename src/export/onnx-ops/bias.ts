/**
 * Reduce a constant that ONNX broadcasts against a [N, channels, …] output to a
 * per-channel bias vector, or null when it varies along any other axis.
 */
import type { FloatTensor } from '../tensor-data.js';

export function channelBias(c: FloatTensor, outputRank: number, channels: number): Float32Array | null {
  if (c.dims.length > outputRank) return null;
  const aligned = [...Array<number>(outputRank - c.dims.length).fill(1), ...c.dims];
  for (let axis = 0; axis < outputRank; axis++) {
    const d = aligned[axis]!;
    if (d !== 1 && !(axis === 1 && d === channels)) return null;
  }
  if (c.data.length === channels) return c.data.slice();
  return new Float32Array(channels).fill(c.data[0]!);
}

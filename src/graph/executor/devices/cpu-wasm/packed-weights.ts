/**
 * Convolution weights [M, C/group, KH, KW] rearranged for nnConv (assembly/cpu-kernels/nn-conv.ts):
 * per group, 4-row panels, each holding for every tap k = (c, kh, kw) the weights of its
 * 4 output channels side by side (zero past the last channel). Packed once per weight
 * tensor and kept with it (see HeapTensors.attach).
 */
export const PANEL_ROWS = 4;

/** Floats of the packed form of `groups` groups of `rows` output channels × `taps` taps. */
export function packedFloats(groups: number, rows: number, taps: number): number {
  return groups * Math.ceil(rows / PANEL_ROWS) * PANEL_ROWS * taps;
}

/**
 * Packs w (row-major [groups·rows, taps], or [taps, groups·rows] when `transposed`) into
 * `dst`, scaled by `scale`.
 */
export function packWeights(dst: Float32Array, w: ArrayLike<number>, groups: number, rows: number, taps: number, scale = 1, transposed = false): void {
  const panels = Math.ceil(rows / PANEL_ROWS);
  const total = groups * rows;
  let o = 0;
  for (let g = 0; g < groups; g++) {
    for (let p = 0; p < panels; p++) {
      for (let k = 0; k < taps; k++) {
        for (let r = 0; r < PANEL_ROWS; r++, o++) {
          const row = p * PANEL_ROWS + r;
          const m = g * rows + row;
          dst[o] = row < rows ? scale * w[transposed ? k * total + m : m * taps + k]! : 0;
        }
      }
    }
  }
}

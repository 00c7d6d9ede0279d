/** A program-cache key naming every number of a sliding window (Conv, pools). */
import type { SpatialWindow } from '../../../../executor/kernels/spatial-window.js';

export function geometryKey(g: SpatialWindow): string {
  return [g.input, g.kernel, g.strides, g.dilations, g.padsBegin, g.padsEnd, g.output].map((v) => v.join(',')).join('|');
}

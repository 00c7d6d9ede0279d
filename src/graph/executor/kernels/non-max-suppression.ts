/**
 * NonMaxSuppression: per batch and class, boxes above score_threshold in descending
 * score order, each kept unless it overlaps a kept one by IoU > iou_threshold, at most
 * max_output_boxes_per_class; [selected, 3] int64 rows of (batch, class, box).
 */
import type { Kernel } from '../kernel.js';
import { int64Tensor, scalarValue } from './tensor-values.js';

type Box = [number, number, number, number]; // y1, x1, y2, x2 with y1 <= y2, x1 <= x2

function iou(a: Box, b: Box): number {
  const h = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const w = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (h <= 0 || w <= 0) return 0;
  const inter = h * w;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union <= 0 ? 0 : inter / union;
}

export const nonMaxSuppression: Kernel = ([boxesT, scoresT, maxT, iouT, scoreT], ctx) => {
  if (!boxesT || !scoresT) return ctx.fail('needs boxes and scores');
  const maxPerClass = maxT && maxT.data.length ? scalarValue(maxT, ctx, 'max_output_boxes_per_class') : 0;
  const iouThreshold = iouT && iouT.data.length ? scalarValue(iouT, ctx, 'iou_threshold') : 0;
  const scoreThreshold = scoreT && scoreT.data.length ? scalarValue(scoreT, ctx, 'score_threshold') : -Infinity;
  const centered = ctx.attrs.int('center_point_box', 0) === 1;
  const [batches, n] = boxesT.dims as [number, number];
  const classes = scoresT.dims[1]!;
  const box = (b: number, i: number): Box => {
    const [p, q, r, s] = Array.from(boxesT.data.subarray((b * n + i) * 4, (b * n + i) * 4 + 4) as ArrayLike<number>, Number) as Box;
    if (centered) return [q - s / 2, p - r / 2, q + s / 2, p + r / 2];
    return [Math.min(p, r), Math.min(q, s), Math.max(p, r), Math.max(q, s)];
  };
  const selected: number[] = [];
  for (let b = 0; b < batches; b++) {
    for (let c = 0; c < classes; c++) {
      const score = (i: number) => Number(scoresT.data[(b * classes + c) * n + i]);
      const candidates = Array.from({ length: n }, (_, i) => i)
        .filter((i) => score(i) > scoreThreshold)
        .sort((i, j) => score(j) - score(i) || i - j);
      const kept: number[] = [];
      for (const i of candidates) {
        if (kept.length >= maxPerClass) break;
        if (kept.every((k) => iou(box(b, i), box(b, k)) <= iouThreshold)) kept.push(i);
      }
      for (const i of kept) selected.push(b, c, i);
    }
  }
  return [int64Tensor(selected, [selected.length / 3, 3])];
};

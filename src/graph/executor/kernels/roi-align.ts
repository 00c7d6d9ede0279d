/**
 * RoiAlign: for each region (x1, y1, x2, y2 on image batch_indices[r]), an
 * output_height × output_width grid of bins, each the average (or max) of bilinear
 * samples taken sampling_ratio times per bin side (adaptive when 0). Opset 16's default
 * half_pixel coordinates shift by half a pixel; opset 10's output_half_pixel does not
 * and keeps every region at least one pixel wide.
 */
import type { Kernel } from '../kernel.js';
import { floatData, readInts, tensorOf } from './tensor-values.js';

export const roiAlign: Kernel = ([x, roisT, batchT], ctx) => {
  if (!x || !roisT || !batchT) return ctx.fail('needs X, rois and batch_indices');
  const src = floatData(x, ctx);
  const rois = floatData(roisT, ctx, 'rois');
  const batchOf = readInts(batchT);
  const { attrs } = ctx;
  const outH = attrs.int('output_height', 1);
  const outW = attrs.int('output_width', 1);
  const ratio = attrs.int('sampling_ratio', 0);
  const scale = attrs.float('spatial_scale', 1);
  const max = attrs.string('mode', 'avg') === 'max';
  const halfPixel = attrs.string('coordinate_transformation_mode', ctx.opset >= 16 ? 'half_pixel' : 'output_half_pixel') === 'half_pixel';
  const [, channels, height, width] = x.dims as [number, number, number, number];
  const count = roisT.dims[0]!;
  const out = tensorOf(x.type, [count, channels, outH, outW]);
  const offset = halfPixel ? 0.5 : 0;
  for (let r = 0; r < count; r++) {
    const [x1, y1, x2, y2] = [0, 1, 2, 3].map((k) => rois[r * 4 + k]! * scale - offset) as [number, number, number, number];
    const roiW = halfPixel ? x2 - x1 : Math.max(x2 - x1, 1);
    const roiH = halfPixel ? y2 - y1 : Math.max(y2 - y1, 1);
    const binH = roiH / outH;
    const binW = roiW / outW;
    const gridH = ratio > 0 ? ratio : Math.ceil(roiH / outH);
    const gridW = ratio > 0 ? ratio : Math.ceil(roiW / outW);
    const samples = Math.max(gridH * gridW, 1);
    for (let c = 0; c < channels; c++) {
      const plane = (batchOf[r]! * channels + c) * height * width;
      for (let ph = 0; ph < outH; ph++) {
        for (let pw = 0; pw < outW; pw++) {
          let acc = 0;
          let first = true;
          for (let iy = 0; iy < gridH; iy++) {
            for (let ix = 0; ix < gridW; ix++) {
              let y = y1 + ph * binH + ((iy + 0.5) * binH) / gridH;
              let xx = x1 + pw * binW + ((ix + 0.5) * binW) / gridW;
              let terms = [0, 0, 0, 0];
              if (!(y < -1 || y > height || xx < -1 || xx > width)) {
                y = Math.max(y, 0);
                xx = Math.max(xx, 0);
                let yLow = Math.floor(y);
                let xLow = Math.floor(xx);
                let yHigh = yLow + 1;
                let xHigh = xLow + 1;
                if (yLow >= height - 1) y = yHigh = yLow = height - 1;
                if (xLow >= width - 1) xx = xHigh = xLow = width - 1;
                const ly = y - yLow, lx = xx - xLow, hy = 1 - ly, hx = 1 - lx;
                terms = [
                  hy * hx * src[plane + yLow * width + xLow]!,
                  hy * lx * src[plane + yLow * width + xHigh]!,
                  ly * hx * src[plane + yHigh * width + xLow]!,
                  ly * lx * src[plane + yHigh * width + xHigh]!,
                ];
              }
              if (max) {
                const m = Math.max(...terms);
                acc = first ? m : Math.max(acc, m);
                first = false;
              } else {
                acc += terms[0]! + terms[1]! + terms[2]! + terms[3]!;
              }
            }
          }
          out.data[((r * channels + c) * outH + ph) * outW + pw] = max ? acc : acc / samples;
        }
      }
    }
  }
  return [out];
};

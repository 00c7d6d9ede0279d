/** Line charts of the per-epoch metrics (the seed's matplotlib loss plot, and more). */
import { svgDocument, text } from './svg.js';

export interface Series {
  label: string;
  color: string;
  values: number[];
}

export function lineChartSvg(title: string, yLabel: string, series: Series[], width = 640, height = 360): string {
  const left = 60, right = 20, top = 48, bottom = 44;
  const w = width - left - right, h = height - top - bottom;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const count = Math.max(1, ...series.map((s) => s.values.length));
  let lo = all.length ? Math.min(...all) : 0;
  let hi = all.length ? Math.max(...all) : 1;
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const px = (i: number) => left + (count === 1 ? w / 2 : (i / (count - 1)) * w);
  const py = (v: number) => top + h - ((v - lo) / (hi - lo)) * h;
  const body: string[] = [text(width / 2, 22, title, 'text-anchor="middle" font-size="15"')];
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    body.push(`<line x1="${left}" x2="${left + w}" y1="${py(v)}" y2="${py(v)}" stroke="#e5e5e5"/>`);
    body.push(text(left - 6, py(v) + 4, v.toPrecision(3), 'text-anchor="end"'));
  }
  body.push(`<rect x="${left}" y="${top}" width="${w}" height="${h}" fill="none" stroke="#888"/>`);
  const ticks = Math.min(count, 10);
  for (let t = 0; t < ticks; t++) {
    const i = Math.round((t * (count - 1)) / Math.max(1, ticks - 1));
    body.push(text(px(i), top + h + 16, String(i + 1), 'text-anchor="middle"'));
  }
  body.push(text(left + w / 2, height - 8, 'epoch', 'text-anchor="middle"'));
  body.push(text(14, top + h / 2, yLabel, `text-anchor="middle" transform="rotate(-90 14 ${top + h / 2})"`));
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    body.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    // Legend above the plot's top-right corner, where it cannot hide a curve.
    const lx = left + w - 90 * (series.length - k);
    body.push(`<line x1="${lx}" x2="${lx + 20}" y1="${top - 8}" y2="${top - 8}" stroke="${s.color}" stroke-width="2"/>`);
    body.push(text(lx + 26, top - 4, s.label));
  });
  return svgDocument(width, height, body);
}

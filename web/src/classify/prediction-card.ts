/**
 * One classified image: the original, the 32×32 picture the model sees (drawn pixel for
 * pixel, scaled up), the top 3 of each runtime, and their largest logit difference.
 */
import { softmax, topK } from '../../../src/runtime/classify.js';
import { formatDiff, h } from '../dom.js';

export function inputPreview(rgb32: Uint8Array): HTMLCanvasElement {
  const canvas = h('canvas', { width: '32', height: '32', 'aria-label': 'the 32×32 model input' });
  const rgba = new Uint8ClampedArray(32 * 32 * 4);
  for (let p = 0, q = 0; q < rgb32.length; p += 4, q += 3) rgba.set([rgb32[q]!, rgb32[q + 1]!, rgb32[q + 2]!, 255], p);
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, 32, 32), 0, 0);
  return canvas;
}

function topThree(title: string, kind: 'ort' | 'engine', logits: Float32Array, labels: string[]): HTMLElement {
  const rows = topK(softmax(logits), labels, 3).map((c) =>
    h('li', {}, h('span', {}, c.label), h('span', { class: 'bar' }, h('span', { style: `width:${(100 * c.probability).toFixed(1)}%` })), h('span', { class: 'pct' }, `${(100 * c.probability).toFixed(1)}%`)),
  );
  return h('div', { class: `topk ${kind}`, 'data-runtime': kind }, h('h3', {}, title), h('ol', {}, ...rows));
}

export function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export interface CardContent {
  file: File;
  rgb32: Uint8Array;
  ort: Float32Array;
  engine: Float32Array;
  labels: string[];
  ortTitle: string;
  engineTitle: string;
}

export function predictionCard(c: CardContent): HTMLLIElement {
  const original = h('img', { class: 'original', alt: c.file.name, src: URL.createObjectURL(c.file) });
  original.addEventListener('load', () => URL.revokeObjectURL(original.src), { once: true });
  return h(
    'li',
    { class: 'prediction' },
    h('div', { class: 'name' }, h('span', {}, c.file.name), h('span', { class: 'diff' }, `largest logit difference ${formatDiff(maxAbsDifference(c.ort, c.engine))}`)),
    h('figure', {}, original, h('figcaption', {}, 'your image')),
    h('figure', {}, inputPreview(c.rgb32), h('figcaption', {}, 'what the model sees')),
    topThree(c.ortTitle, 'ort', c.ort, c.labels),
    topThree(c.engineTitle, 'engine', c.engine, c.labels),
  );
}

export function failedCard(file: File, reason: string): HTMLLIElement {
  return h('li', { class: 'prediction' }, h('div', { class: 'name' }, h('span', {}, file.name)), h('div', { class: 'error' }, reason));
}

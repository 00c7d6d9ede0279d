/** The parity result as table rows: the reference first, then each runtime's verdict. */
import { formatDiff, h } from '../dom.js';
import type { ParityResult } from './run-parity.js';

const speed = (imagesPerSecond: number) => Math.round(imagesPerSecond).toLocaleString('en');
const tolerance = (atol: number, rtol: number) => (atol === rtol ? `${atol}` : `atol ${atol}, rtol ${rtol}`);

export function parityRows(r: ParityResult): HTMLTableRowElement[] {
  const rows = [
    h('tr', { 'data-runtime': r.reference },
      h('td', {}, h('strong', {}, r.reference)), h('td', { class: 'provider' }, r.referenceProvider), h('td', {}, '–'), h('td', {}, '–'), h('td', {}, '–'),
      h('td', {}, '–'), h('td', {}, '–'), h('td', {}, speed(r.referenceImagesPerSecond)), h('td', {}, h('span', { class: 'verdict reference' }, 'reference'))),
  ];
  for (const { comparison: c, provider, imagesPerSecond } of r.timed) {
    const flips = c.flips.slice(0, 3).map((f) => `${f.name}: ${f.reference.label} → ${f.runtime.label}`).join('; ');
    rows.push(
      h('tr', { 'data-runtime': c.runtime },
        h('td', {}, h('strong', {}, c.runtime)), h('td', { class: 'provider' }, provider), h('td', {}, tolerance(c.tolerance.atol, c.tolerance.rtol)),
        h('td', {}, formatDiff(c.maxAbsDiff)), h('td', {}, formatDiff(c.meanAbsDiff)), h('td', {}, c.top1Agreement === null ? '–' : `${(100 * c.top1Agreement).toFixed(1)}%`),
        h('td', {}, String(c.flips.length), flips ? h('div', { class: 'flips' }, flips + (c.flips.length > 3 ? ' …' : '')) : null),
        h('td', {}, speed(imagesPerSecond)),
        h('td', {}, h('span', { class: `verdict ${c.pass ? 'pass' : 'fail'}` }, c.pass ? 'pass' : `fail (${c.failingElements} values)`))),
    );
  }
  for (const u of r.unavailable) {
    rows.push(h('tr', { 'data-runtime': u.runtime }, h('td', {}, h('strong', {}, u.runtime)), h('td', { class: 'provider', colspan: '7' }, u.reason), h('td', {}, h('span', { class: 'verdict unavailable' }, 'unavailable'))));
  }
  return rows;
}

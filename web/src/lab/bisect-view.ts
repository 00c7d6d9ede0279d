/** The first diverging node of each failing runtime: the node, its op, how far it is off, and how far its inputs already were. */
import type { BisectEntry } from '../../../src/runtime/bisect/bisect-failures.js';
import { sci } from '../../../src/runtime/parity/report-format.js';
import { byId, h } from '../dom.js';

function entryView(e: BisectEntry): HTMLElement {
  const heading = `${e.runtime} against ${e.reference} on ${e.images.length} row${e.images.length === 1 ? '' : 's'}`;
  if (e.error !== null) return h('div', { class: 'bisect', 'data-runtime': e.runtime }, h('strong', {}, heading), h('p', { class: 'reason' }, `cannot bisect: ${e.error}`));
  const f = e.firstDivergence;
  if (!f) return h('div', { class: 'bisect', 'data-runtime': e.runtime }, h('strong', {}, heading), h('p', {}, 'No node diverges with every intermediate tensor exposed (the fault may lie in a fusion the rewrite prevents).'));
  const inputs = (f.inputs ?? []).map((i) => h('li', {}, `${i.name} (${i.from}): max |Δ| ${sci(i.maxAbsDiff)}, ${i.failingElements} of ${i.elements} beyond tolerance`));
  return h('div', { class: 'bisect', 'data-runtime': e.runtime },
    h('strong', {}, heading),
    h('p', { class: 'first-divergence' }, `First diverging node: #${f.index} "${f.node}" (${f.opType}) → ${f.output}: max |Δ| ${sci(f.maxAbsDiff)}, ${f.failingElements} of ${f.elements} values beyond tolerance.`),
    inputs.length ? h('p', {}, 'Its inputs:') : null,
    inputs.length ? h('ul', {}, ...inputs) : null,
    h('p', { class: 'muted' }, `${e.nodes.length} tensors compared; what ran: ${e.providers.runtime ?? '?'} vs ${e.providers.reference ?? '?'}`));
}

export function showBisect(entries: readonly BisectEntry[]): void {
  byId('lab-bisect-result').replaceChildren(...entries.map(entryView));
}

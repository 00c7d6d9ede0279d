/**
 * Section 3: the parity result as a table — the reference first, then one row per
 * (runtime, output) with what really ran, the tolerance, max and mean |Δ|, top-1
 * agreement where the output is [N, classes], the inference time and the verdict; a
 * runtime that could not run keeps its row, with the reason.
 */
import type { ParityResult, RuntimeRun } from '../../../src/runtime/parity/parity-run.js';
import { ruleText, sci } from '../../../src/runtime/parity/report-format.js';
import { byId, h } from '../dom.js';

const milliseconds = (run: RuntimeRun) => (run.runSeconds === null ? '–' : `${(run.runSeconds * 1000).toFixed(run.runSeconds < 0.1 ? 1 : 0)} ms`);

function runtimeCell(run: RuntimeRun, rows: number) {
  return h('td', { rowspan: String(rows) }, h('strong', {}, run.name));
}

export function showResult(result: ParityResult): void {
  const body = byId<HTMLTableElement>('lab-table').tBodies[0]!;
  const rows: HTMLTableRowElement[] = [];
  for (const run of result.runtimes) {
    if (run.name === result.reference) {
      rows.push(h('tr', { 'data-runtime': run.name, class: 'reference-row' }, runtimeCell(run, 1), h('td', {}, 'all'), h('td', { class: 'provider' }, run.provider ?? '–'),
        h('td', {}, '–'), h('td', {}, '–'), h('td', {}, '–'), h('td', {}, '–'), h('td', {}, milliseconds(run)), h('td', {}, h('span', { class: 'verdict reference' }, 'reference'))));
      continue;
    }
    const mine = result.comparisons.filter((c) => c.runtime === run.name);
    if (!run.available || run.error || mine.length === 0) {
      const state = !run.available ? 'unavailable' : run.error ? 'failed' : 'not compared';
      rows.push(h('tr', { 'data-runtime': run.name }, runtimeCell(run, 1), h('td', {}, '–'), h('td', { class: 'provider reason', colspan: '6' }, run.error ?? run.provider ?? ''),
        h('td', {}, h('span', { class: 'verdict unavailable' }, state))));
      continue;
    }
    mine.forEach((c, i) => {
      const flips = c.flips.length ? ` · ${c.flips.length} flip${c.flips.length === 1 ? '' : 's'}` : '';
      rows.push(h('tr', { 'data-runtime': run.name, 'data-output': c.output },
        i === 0 ? runtimeCell(run, mine.length) : null,
        h('td', {}, c.output),
        i === 0 ? h('td', { class: 'provider', rowspan: String(mine.length) }, run.provider ?? '–') : null,
        h('td', {}, ruleText(c)),
        h('td', {}, sci(c.maxAbsDiff)), h('td', {}, sci(c.meanAbsDiff)),
        h('td', {}, c.top1Agreement === null ? '–' : `${(100 * c.top1Agreement).toFixed(1)}%${flips}`),
        i === 0 ? h('td', { rowspan: String(mine.length) }, milliseconds(run)) : null,
        h('td', {}, h('span', { class: `verdict ${c.pass ? 'pass' : 'fail'}` }, c.pass ? 'pass' : c.mismatch ? 'fail' : `fail (${c.failingElements} of ${c.elements})`))));
    });
  }
  body.replaceChildren(...rows);
  byId('lab-results-hint').textContent = `${result.model} · inputs: ${result.inputs.source} · reference: ${result.reference} · ${result.pass ? 'every runtime that ran agrees with the reference' : result.problems.join('; ')}`;
  byId('lab-results').hidden = false;
}

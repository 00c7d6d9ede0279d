/**
 * `verify-parity --report file.html`: one self-contained page (inline CSS, no scripts,
 * no external assets), so it can be attached to a CI run or an issue as it is.
 */
import type { Comparison } from './compare.js';
import type { ParityResult } from './parity-run.js';
import { inputsLabel, outputsText, positionText, ruleSentence, COMPARISON_COLUMNS, comparisonRows, comparisonVerdict, FLIPS_SHOWN, RUNTIME_COLUMNS, runtimeRows, sci } from './report-format.js';

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Cells do not wrap (numbers stay on one line) except in the columns listed in `wrap`. */
function table(header: string[], rows: string[][], rowClass: (i: number) => string = () => '', wrap: readonly number[] = []): string {
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const cell = (c: string, j: number) => `<td${wrap.includes(j) ? ' class="wrap"' : ''}>${esc(c)}</td>`;
  const body = rows.map((r, i) => `<tr class="${rowClass(i)}">${r.map(cell).join('')}</tr>`).join('\n');
  return `<table>\n${head}\n${body}\n</table>`;
}

/** Horizontal bars, width proportional to the count on a log scale (a handful stays visible next to thousands). */
function histogram(c: Comparison): string {
  const bins = c.histogram;
  const top = Math.log1p(Math.max(1, ...bins.map((b) => b.count)));
  const rows = bins.map((b) => {
    const width = b.count === 0 ? 0 : Math.max(1, (100 * Math.log1p(b.count)) / top);
    const beyond = b.lower > c.tolerance.atol ? ' beyond' : '';
    return `<div class="bin"><span class="label">${esc(b.label)}</span><span class="bar${beyond}" style="width:${width.toFixed(1)}%"></span><span class="count">${b.count}</span></div>`;
  });
  return `<div class="histogram">${rows.join('')}</div>`;
}

function details(c: Comparison & { required: boolean }, several: boolean): string {
  const parts = [`<h3 class="${c.pass ? 'pass' : 'fail'}">${esc(`${c.runtime} vs ${c.reference}${several ? `, output ${c.output}` : ''}: ${comparisonVerdict(c)}`)}</h3>`];
  parts.push(`<p>${esc(ruleSentence(c))}</p>`);
  if (c.worst && c.worst.absDiff > 0) {
    const w = c.worst;
    parts.push(`<p>Largest difference ${esc(sci(w.absDiff))} at ${esc(w.name)}, ${positionText(c)} ${w.class}: reference ${w.reference}, ${esc(c.runtime)} ${w.actual}.</p>`);
  }
  parts.push('<p>Absolute differences (bars on a log scale; red bins lie above atol):</p>', histogram(c));
  if (c.flips.length > 0) {
    const rows = c.flips.slice(0, FLIPS_SHOWN).map((f) => [f.name, f.reference.label, f.runtime.label, sci(f.referenceMargin)]);
    parts.push(`<p>Top-1 flips: ${c.flips.length}</p>`, table(['image', `${c.reference} says`, `${c.runtime} says`, 'reference margin'], rows));
    if (c.flips.length > FLIPS_SHOWN) parts.push(`<p>… and ${c.flips.length - FLIPS_SHOWN} more (all are listed by --json).</p>`);
  }
  return `<section>${parts.join('\n')}</section>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top;white-space:nowrap}td.wrap{white-space:normal}
th{background:#f3f3f3}.pass{color:#17692f}.fail{color:#b00020}tr.fail td{background:#fdecee}tr.off td{color:#777}
.histogram{max-width:40em}.bin{display:flex;align-items:center;gap:.5em;height:1.3em}
.label{flex:0 0 8em;font-family:monospace;font-size:12px}.bar{height:.9em;background:#4a7bd0}.bar.beyond{background:#c0392b}.count{font-family:monospace;font-size:12px}
code{background:#f3f3f3;padding:0 .2em}`;

export function parityHtml(result: ParityResult): string {
  const verdict = result.pass ? 'PASS' : 'FAIL';
  const body: string[] = [
    `<h1>Parity report: <span class="${result.pass ? 'pass' : 'fail'}">${verdict}</span></h1>`,
    '<ul>',
    `<li>Model: <code>${esc(result.model)}</code> (${esc(outputsText(result))})</li>`,
    `<li>${inputsLabel(result) === 'images' ? 'Images' : 'Inputs'}: ${esc(result.inputs.source)}</li>`,
    `<li>Reference: ${esc(result.reference)}</li>`,
    '</ul>',
  ];
  if (result.problems.length > 0) body.push('<h2>Problems</h2><ul>', ...result.problems.map((p) => `<li class="fail">${esc(p)}</li>`), '</ul>');
  body.push('<h2>Runtimes</h2>');
  body.push(
    table(
      RUNTIME_COLUMNS,
      runtimeRows(result),
      (i) => (result.runtimes[i]!.error ? (result.runtimes[i]!.required ? 'fail' : 'off') : ''),
      [1, 2], // status and provider are sentences
    ),
  );
  if (result.comparisons.length > 0) {
    body.push('<h2>Comparisons</h2>');
    body.push(
      table(
        COMPARISON_COLUMNS,
        comparisonRows(result),
        (i) => (result.comparisons[i]!.pass ? '' : result.comparisons[i]!.required ? 'fail' : 'off'),
      ),
    );
    for (const c of result.comparisons) body.push(details(c, result.outputs.length > 1));
  }
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Parity report: ${verdict}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}

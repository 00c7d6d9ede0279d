/** A conformance run as JSON (`--json`), Markdown or HTML (`--report f.md|f.html`), and the console summary. */
import { conformanceBlocks, countsPerRuntime, type Block } from './conformance-tables.js';
import type { ConformanceResult } from './conformance-run.js';
import { ToolError } from '../../util/errors.js';
import { extname } from 'node:path';

/** `{"cases": N, "runtimes": {NAME: {passed, failed, unsupported}}, "results": [...]}`. */
export function conformanceJson(result: ConformanceResult): Record<string, unknown> {
  return {
    cases: result.results.length,
    runtimes: countsPerRuntime(result),
    results: result.results.map((r) => ({
      case: r.case,
      ops: r.ops,
      runtimes: Object.fromEntries(
        Object.entries(r.verdicts).map(([name, v]) => [name, { status: v.status, ...(v.reason ? { reason: v.reason } : {}), ...(v.difference ? { firstDifference: v.difference } : {}), milliseconds: v.milliseconds }]),
      ),
    })),
  };
}

function mdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function conformanceMarkdown(result: ConformanceResult, title = 'ONNX conformance'): string {
  const out = [`# ${title}`, ''];
  for (const b of conformanceBlocks(result)) {
    if ('heading' in b) out.push(`## ${b.heading}`, '');
    else if ('text' in b) out.push(b.text, '');
    else out.push(`| ${b.columns.map(mdCell).join(' | ')} |`, `|${b.columns.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`), '');
  }
  return out.join('\n');
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlBlock(b: Block): string {
  if ('heading' in b) return `<h2>${esc(b.heading)}</h2>`;
  if ('text' in b) return `<p>${esc(b.text)}</p>`;
  const head = `<tr>${b.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
  return `<table>\n${head}\n${b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')}\n</table>`;
}

const STYLE = 'body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}';

/** One self-contained page (inline CSS, no scripts). */
export function conformanceHtml(result: ConformanceResult, title = 'ONNX conformance'): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n<h1>${esc(title)}</h1>\n${conformanceBlocks(result).map(htmlBlock).join('\n')}\n</body></html>\n`;
}

export function conformanceReportWriter(path: string): (result: ConformanceResult) => string {
  const ext = extname(path).toLowerCase();
  if (ext === '.md' || ext === '.markdown') return (r) => conformanceMarkdown(r);
  if (ext === '.html' || ext === '.htm') return (r) => conformanceHtml(r);
  throw new ToolError(`--report ${path}: the file must end in .md or .html`);
}

/** Console lines: the counts per runtime. */
export function conformanceSummary(result: ConformanceResult): string {
  const counts = countsPerRuntime(result);
  const width = Math.max(...result.runtimes.map((n) => n.length));
  const lines = [`${result.results.length} ONNX test cases (atol ${result.tolerance.atol}, rtol ${result.tolerance.rtol})`];
  for (const name of result.runtimes) {
    const c = counts[name]!;
    lines.push(`  ${name.padEnd(width)}  ${c.passed} passed, ${c.failed} failed, ${c.unsupported} could not run`);
  }
  return `${lines.join('\n')}\n`;
}

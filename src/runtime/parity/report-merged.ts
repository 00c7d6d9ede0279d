/**
 * `verify-parity --merge` on the terminal: each file with where it was measured, then
 * one row per (runtime, output) with every file's verdict and max |Δ| side by side, then
 * what really ran and why runtimes could not.
 */
import type { MergedCell, MergedResult, MergedTable } from './merge-reports.js';
import { sci } from './report-format.js';

function cellText(cell: MergedCell): string {
  switch (cell.state) {
    case 'pass':
    case 'fail': {
      const c = cell.comparison!;
      return `${cell.state === 'pass' ? 'pass' : 'FAIL'} ${c.mismatch ? c.mismatch : sci(c.maxAbsDiff)}`;
    }
    case 'absent':
      return '–';
    default:
      return cell.state;
  }
}

function whereText(r: MergedResult): string {
  if (!r.environment) return 'verify-parity (Node; browser runtimes in headless Chromium)';
  const { webgpu, webgl } = r.environment.adapter;
  return [r.environment.browser, `WebGPU: ${webgpu ?? 'none'}`, `WebGL: ${webgl ?? 'none'}`].join('; ');
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function mergedSummary(merged: MergedTable): string {
  const lines = [`verify-parity --merge: ${merged.results.length} result${merged.results.length === 1 ? '' : 's'}`];
  merged.results.forEach((r, i) => {
    lines.push(`[${i + 1}] ${r.file}: model ${r.model}, reference ${r.reference}, ${r.pass ? 'PASS' : 'FAIL'}`);
    lines.push(`    on: ${whereText(r)}`);
    if (r.source) lines.push(`    inputs: ${r.source}`);
  });
  const models = new Set(merged.results.map((r) => r.model.replace(/\\/g, '/').replace(/\/model\.onnx$/, '').split('/').pop()));
  if (models.size > 1) lines.push(`note: the files name different models (${[...models].join(', ')})`);
  lines.push('');
  const several = new Set(merged.rows.map((r) => r.output)).size > 1;
  const header = ['runtime', ...(several ? ['output'] : []), ...merged.results.map((_, i) => `[${i + 1}]`)];
  lines.push(...table(header, merged.rows.map((row) => [row.runtime, ...(several ? [row.output] : []), ...row.cells.map(cellText)])));
  lines.push('');
  lines.push('what ran:');
  merged.results.forEach((r, i) => {
    for (const run of r.runtimes) {
      if (run.available && !run.error) lines.push(`  [${i + 1}] ${run.name}: ${run.provider ?? '?'}`);
      else lines.push(`  [${i + 1}] ${run.name}: ${run.available ? 'failed' : 'unavailable'}: ${run.error ?? '?'}`);
    }
  });
  lines.push(merged.pass ? 'PASS (every comparison in every file)' : 'FAIL (some comparison failed; see the table)');
  return `${lines.join('\n')}\n`;
}

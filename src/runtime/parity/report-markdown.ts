/** `verify-parity --report file.md`: the parity result as a Markdown document. */
import type { Comparison } from './compare.js';
import type { ParityResult } from './parity-run.js';
import { inputsLabel, outputsText, positionText, ruleSentence, COMPARISON_COLUMNS, comparisonRows, comparisonVerdict, FLIPS_SHOWN, RUNTIME_COLUMNS, runtimeRows, sci } from './report-format.js';

/** Table cells: a pipe would end the cell, a newline the row. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function details(c: Comparison & { required: boolean }, several: boolean): string {
  const lines = [`### ${c.runtime} vs ${c.reference}${several ? `, output \`${c.output}\`` : ''}: ${comparisonVerdict(c)}`, ''];
  lines.push(ruleSentence(c));
  if (c.worst && c.worst.absDiff > 0) {
    const w = c.worst;
    lines.push(`Largest difference: ${sci(w.absDiff)} at ${w.name}, ${positionText(c)} ${w.class} (reference ${w.reference}, ${c.runtime} ${w.actual}).`);
  }
  lines.push('', 'Absolute differences:', '', table(['range', 'values'], c.histogram.filter((b) => b.count > 0).map((b) => [b.label, String(b.count)])));
  if (c.flips.length > 0) {
    lines.push('', `Top-1 flips (${c.flips.length}):`, '');
    const shown = c.flips.slice(0, FLIPS_SHOWN).map((f) => [f.name, f.reference.label, f.runtime.label, sci(f.referenceMargin)]);
    lines.push(table(['image', `${c.reference} says`, `${c.runtime} says`, 'reference margin'], shown));
    if (c.flips.length > FLIPS_SHOWN) lines.push('', `… and ${c.flips.length - FLIPS_SHOWN} more (all are listed by --json).`);
  }
  return lines.join('\n');
}

export function parityMarkdown(result: ParityResult): string {
  const out: string[] = [
    `# Parity report: ${result.pass ? 'PASS' : 'FAIL'}`,
    '',
    `- Model: \`${result.model}\` (${outputsText(result)})`,
    `- ${inputsLabel(result) === 'images' ? 'Images' : 'Inputs'}: ${result.inputs.source}`,
    `- Reference: ${result.reference}`,
  ];
  if (result.problems.length > 0) out.push('', '## Problems', '', ...result.problems.map((p) => `- ${p}`));

  out.push('', '## Runtimes', '');
  out.push(
    table(
      RUNTIME_COLUMNS,
      runtimeRows(result),
    ),
  );

  if (result.comparisons.length > 0) {
    out.push('', '## Comparisons', '');
    out.push(
      table(
        COMPARISON_COLUMNS,
        comparisonRows(result),
      ),
    );
    for (const c of result.comparisons) out.push('', details(c, result.outputs.length > 1));
  }

  return `${out.join('\n')}\n`;
}

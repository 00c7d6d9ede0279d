/**
 * `verify-parity --merge a.json b.json …`: reads results saved by `verify-parity --json`
 * or downloaded from the web lab (on other machines, other browsers, other GPUs) and
 * prints them side by side. Exit 0 when every comparison in every file passed, 1 when
 * one did not, 2 when a file cannot be read.
 */
import { readFile } from 'node:fs/promises';
import { ToolError } from '../util/errors.js';
import { mergeResults, parseParityResult } from '../runtime/parity/merge-reports.js';
import { mergedSummary } from '../runtime/parity/report-merged.js';
import { stringifyReport } from '../runtime/parity/report-json.js';

async function readResult(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolError(`--merge ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`}`);
  }
}

export async function mergeCommand(files: readonly string[], json: boolean, write: (text: string) => void): Promise<number> {
  if (files.length === 0) throw new ToolError('--merge: name the verify-parity --json result files to merge (verify-parity --merge a.json b.json …)');
  const results = [];
  for (const file of files) results.push(parseParityResult(await readResult(file), file));
  const merged = mergeResults(results);
  write(json ? `${stringifyReport(merged)}\n` : mergedSummary(merged));
  return merged.pass ? 0 : 1;
}

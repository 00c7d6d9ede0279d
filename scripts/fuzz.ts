/**
 * On-demand fuzzing of every reader with mutated inputs (truncation, bit flips, random
 * bytes, lying length fields). Each case runs under a watchdog (1 s, memory cap); the
 * summary per reader gives cases, outcomes, the slowest case and peak memory.
 *
 *   node --import tsx scripts/fuzz.ts [--reader onnx|safetensors|cifar-bin|tar|image|checkpoint|cache|all]
 *                                     [--cases 10000] [--seed N] [--case I] [--by-mutator]
 *
 * `--case I` replays one case (the line printed for a failure says which). Exit code 1
 * when any case failed.
 */
import { parseArgs } from 'node:util';
import { formatSummary, runCampaign, type Tally } from '../test/hardening/fuzz/campaign.js';
import { READERS, type ReaderName } from '../test/hardening/fuzz/target.js';

const { values } = parseArgs({
  options: {
    reader: { type: 'string', default: 'all' },
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    case: { type: 'string' },
    'by-mutator': { type: 'boolean', default: false },
  },
});

function integer(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${flag}: expected a non-negative integer, got "${text}"`);
    process.exit(2);
  }
  return n;
}

const readers: ReaderName[] = values.reader === 'all' ? [...READERS] : [values.reader as ReaderName];
if (readers.some((r) => !READERS.includes(r))) {
  console.error(`--reader: expected one of ${READERS.join(', ')} or all, got "${values.reader}"`);
  process.exit(2);
}
const seed = integer('seed', values.seed);
const single = values.case === undefined ? null : integer('case', values.case);
const cases = single === null ? integer('cases', values.cases) : 1;

const tallyLine = (name: string, t: Tally) => `    ${name.padEnd(40)} ${String(t.cases).padStart(6)} cases ${String(t.valid).padStart(6)} valid ${String(t.errors).padStart(6)} errors ${t.failures} failures`;

let failures = 0;
for (const reader of readers) {
  const started = performance.now();
  const summary = await runCampaign({
    reader, seed, cases, first: single ?? 0,
    onReport: single === null ? undefined : (r) => console.log(`${r.outcome}: ${r.message} (${r.ms.toFixed(1)} ms)`),
  });
  console.log(`${formatSummary(summary)}\n  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (values['by-mutator']) for (const [name, t] of Object.entries(summary.byMutator).sort()) console.log(tallyLine(name, t));
  failures += summary.failures;
}
process.exitCode = failures > 0 ? 1 : 0;

/**
 * On-demand fuzzing of every reader with mutated inputs (truncation, bit flips, random
 * bytes, lying length fields), and of every CLI's flags (random values for every flag
 * its --help documents, run as real processes). Each reader case runs under a watchdog
 * (1 s, memory cap); each CLI case must end within 30 s (or stop within 15 s of Ctrl-C),
 * print no stack trace, and exit 2 with one line when it refuses.
 *
 *   node --import tsx scripts/fuzz.ts [--reader onnx|safetensors|cifar-bin|tar|image|checkpoint|cache|all|none]
 *                                     [--cases 10000] [--seed N] [--case I] [--by-mutator]
 *                                     [--cli train-and-export|verify-parity|predict|inspect-onnx|cifar-preview|all|none]
 *                                     [--cli-cases 40] [--parallel 2]
 *
 * `--case I` replays one case (the line printed for a failure says which). Exit code 1
 * when any case failed.
 */
import { parseArgs } from 'node:util';
import { formatSummary, runCampaign, type Tally } from '../test/hardening/fuzz/campaign.js';
import { READERS, type ReaderName } from '../test/hardening/fuzz/target.js';
import { fuzzClis, type CliFuzzOptions } from '../test/hardening/fuzz/cli/campaign.js';
import { CLIS, type CliName } from '../test/hardening/fuzz/cli/flag-cases.js';

const { values } = parseArgs({
  options: {
    reader: { type: 'string', default: 'all' },
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    case: { type: 'string' },
    'by-mutator': { type: 'boolean', default: false },
    cli: { type: 'string', default: 'all' },
    'cli-cases': { type: 'string', default: '40' },
    parallel: { type: 'string', default: '2' },
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

const readers: ReaderName[] = values.reader === 'all' ? [...READERS] : values.reader === 'none' ? [] : [values.reader as ReaderName];
if (readers.some((r) => !READERS.includes(r))) {
  console.error(`--reader: expected one of ${READERS.join(', ')}, all or none, got "${values.reader}"`);
  process.exit(2);
}
const clis: CliName[] = values.cli === 'all' ? [...CLIS] : values.cli === 'none' ? [] : [values.cli as CliName];
if (clis.some((c) => !CLIS.includes(c))) {
  console.error(`--cli: expected one of ${CLIS.join(', ')}, all or none, got "${values.cli}"`);
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
if (clis.length > 0) {
  const options: CliFuzzOptions = {
    clis, seed, first: single ?? 0, cases: single === null ? integer('cli-cases', values['cli-cases']) : 1,
    parallel: Math.max(1, integer('parallel', values.parallel)), log: (line) => console.log(line),
  };
  failures += (await fuzzClis(options)).failures.length;
}
process.exitCode = failures > 0 ? 1 : 0;

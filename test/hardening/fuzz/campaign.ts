/**
 * A fuzz campaign: N cases of one reader through the watchdog, summarised as the issue
 * asks — cases, outcomes (valid / clean error / FAILURE), slowest case, peak memory.
 */
import { describeCase, replayCommand, type CaseReport } from './case-report.js';
import type { ReaderName } from './target.js';
import { CaseRunnerProcess } from './watchdog.js';

export interface Tally {
  cases: number;
  valid: number;
  errors: number;
  failures: number;
}

export interface CampaignSummary extends Tally {
  reader: ReaderName;
  seed: number;
  corpusSeeds: number;
  /** Every mutator the reader's runner draws from. */
  mutators: string[];
  failed: CaseReport[];
  slowest: CaseReport | null;
  peakRss: number;
  peakGrowth: number;
  /** Cases that timed out once and were run again in a fresh runner (a hang must time out twice). */
  timeoutsRetried: number;
  /** Tallies by the (first) mutator applied. */
  byMutator: Record<string, Tally>;
}

export interface CampaignOptions {
  reader: ReaderName;
  seed: number;
  cases: number;
  /** First case index (to replay one case: first = its index, cases = 1). */
  first?: number;
  onReport?: ((report: CaseReport) => void) | undefined;
}

function count(t: Tally, r: CaseReport): void {
  t.cases++;
  if (r.outcome === 'valid') t.valid++;
  else if (r.outcome === 'error') t.errors++;
  else t.failures++;
}

const isHang = (r: CaseReport) => r.outcome === 'failure' && r.message.startsWith('hang:');

const emptyTally = (): Tally => ({ cases: 0, valid: 0, errors: 0, failures: 0 });

export async function runCampaign(o: CampaignOptions): Promise<CampaignSummary> {
  const runner = new CaseRunnerProcess(o.reader);
  const summary: CampaignSummary = {
    reader: o.reader, seed: o.seed, corpusSeeds: 0, mutators: [], ...emptyTally(), failed: [], slowest: null, peakRss: 0, peakGrowth: 0, timeoutsRetried: 0, byMutator: {},
  };
  try {
    const first = o.first ?? 0;
    for (let index = first; index < first + o.cases; index++) {
      let report = await runner.run(o.seed, index);
      if (isHang(report)) {
        // A busy machine can stall any process for a second; a real hang hangs again.
        summary.timeoutsRetried++;
        report = await runner.run(o.seed, index);
      }
      summary.corpusSeeds = runner.seeds;
      summary.mutators = runner.mutators;
      count(summary, report);
      count((summary.byMutator[report.mutator.split('+')[0]!] ??= emptyTally()), report);
      if (report.outcome === 'failure') summary.failed.push(report);
      if (!summary.slowest || report.ms > summary.slowest.ms) summary.slowest = report;
      summary.peakRss = Math.max(summary.peakRss, report.rss);
      summary.peakGrowth = Math.max(summary.peakGrowth, report.memoryGrowth);
      o.onReport?.(report);
    }
  } finally {
    runner.close();
  }
  return summary;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** One line per failure: what happened and how to replay it. */
export function failureLines(s: CampaignSummary): string[] {
  return s.failed.map((r) => `FAILURE ${describeCase(r)}: ${r.message} — replay: ${replayCommand(r)}`);
}

export function formatSummary(s: CampaignSummary): string {
  const slow = s.slowest ? `${s.slowest.ms.toFixed(0)} ms (case ${s.slowest.index}, ${s.slowest.mutator} on ${s.slowest.seedName})` : '-';
  return [
    `${s.reader}: ${s.cases} cases from ${s.corpusSeeds} seeds (seed ${s.seed}): ${s.valid} valid, ${s.errors} clean errors, ${s.failures} FAILURES`,
    `  slowest case ${slow}; peak runner RSS ${mib(s.peakRss)}; largest allocation left by one case ${mib(s.peakGrowth)}` +
      (s.timeoutsRetried ? `; ${s.timeoutsRetried} cases timed out once and were run again in a fresh runner` : ''),
    ...failureLines(s).map((l) => `  ${l}`),
  ].join('\n');
}

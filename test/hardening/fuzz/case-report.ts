/** What one fuzz case did, as the case runner reports it to the watchdog. */
import type { Outcome } from './verdict.js';
import type { ReaderName } from './target.js';

export interface CaseReport {
  reader: ReaderName;
  seed: number;
  index: number;
  /** The corpus input that was mutated, and how. */
  seedName: string;
  mutator: string;
  outcome: Outcome;
  message: string;
  /** Wall time of the case inside the runner. */
  ms: number;
  /** Heap + external (ArrayBuffer) bytes the case left allocated, and the runner's RSS after it. */
  memoryGrowth: number;
  rss: number;
}

/** The command line that runs this one case again. */
export function replayCommand(r: Pick<CaseReport, 'reader' | 'seed' | 'index'>): string {
  return `npm run fuzz -- --reader ${r.reader} --seed ${r.seed} --case ${r.index}`;
}

export function describeCase(r: CaseReport): string {
  return `${r.reader} seed=${r.seed} case=${r.index} (${r.mutator} on ${r.seedName})`;
}

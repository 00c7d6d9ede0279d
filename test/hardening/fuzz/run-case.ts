/**
 * One fuzz case, start to end: draw the input and the mutator from the case's own
 * generator, read the mutated bytes as the tool does, and judge how it ended, how long
 * it took and how much memory it left behind.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { Random } from '../../../src/graph/random.js';
import { caseRandom, pick } from './case-random.js';
import { GENERIC_MUTATORS } from './generic-mutators.js';
import type { CaseReport } from './case-report.js';
import { FUZZ_LIMITS } from './limits.js';
import type { Mutator } from './mutator.js';
import type { FuzzTarget, Seed } from './target.js';
import { broken, judgeError, type Verdict } from './verdict.js';

export interface PreparedTarget {
  target: FuzzTarget;
  corpus: Seed[];
  /** Emptied before every case. */
  scratch: string;
}

/** Two in five cases use a format-aware mutator; one in five stacks a second, generic change. */
function chooseMutation(rng: Random, mutators: readonly Mutator[]): { name: string; apply: (b: Uint8Array) => Uint8Array } {
  const aware = mutators.filter((m) => !GENERIC_MUTATORS.includes(m));
  const first = aware.length && rng.next() < 0.4 ? pick(rng, aware) : pick(rng, GENERIC_MUTATORS);
  if (rng.next() >= 0.2) return { name: first.name, apply: (b) => first.apply(b, rng) };
  const second = pick(rng, GENERIC_MUTATORS);
  return { name: `${first.name}+${second.name}`, apply: (b) => second.apply(first.apply(b, rng), rng) };
}

export function resetScratch(scratch: string): void {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
}

/** What the case will do, known before it runs (so a hang can still be described). */
export function planCase(p: PreparedTarget, seed: number, index: number) {
  const rng = caseRandom(seed, p.target.reader, index);
  const source = pick(rng, p.corpus);
  const mutation = chooseMutation(rng, p.target.mutators);
  return { source, mutator: mutation.name, bytes: mutation.apply(source.bytes) };
}

const allocated = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};

export async function runCase(p: PreparedTarget, seed: number, index: number, started?: (plan: { seedName: string; mutator: string }) => void): Promise<CaseReport> {
  const plan = planCase(p, seed, index);
  started?.({ seedName: plan.source.name, mutator: plan.mutator });
  resetScratch(p.scratch);
  const before = allocated();
  const t0 = performance.now();
  let verdict: Verdict;
  try {
    verdict = await p.target.read(plan.bytes, plan.source, p.scratch);
  } catch (error) {
    verdict = judgeError(error, p.target.names);
  }
  const ms = performance.now() - t0;
  const memoryGrowth = allocated() - before;
  if (memoryGrowth > FUZZ_LIMITS.caseMemoryBytes && verdict.outcome !== 'failure') {
    verdict = broken(`left ${(memoryGrowth / 2 ** 20).toFixed(0)} MiB allocated, over the ${FUZZ_LIMITS.caseMemoryBytes / 2 ** 20} MiB cap`);
  }
  return {
    reader: p.target.reader, seed, index, seedName: plan.source.name, mutator: plan.mutator,
    outcome: verdict.outcome, message: verdict.message, ms, memoryGrowth, rss: process.memoryUsage().rss,
  };
}

/** Builds the corpus and checks every seed reads back valid (a fuzz run from broken seeds proves little). */
export async function prepareTarget(target: FuzzTarget, corpusDir: string, scratch: string): Promise<PreparedTarget> {
  if (!target.mutators.some((m) => m.liesAboutLength)) throw new Error(`${target.reader}: no mutator lies about a length or size field`);
  resetScratch(corpusDir);
  const corpus = await target.buildCorpus({ corpus: corpusDir, scratch });
  for (const seed of corpus) {
    resetScratch(scratch);
    let verdict: Verdict;
    try {
      verdict = await target.read(seed.bytes, seed, scratch);
    } catch (error) {
      verdict = judgeError(error, target.names);
    }
    if (verdict.outcome !== 'valid') throw new Error(`${target.reader} corpus: seed ${seed.name} does not read back valid (${verdict.message})`);
  }
  return { target, corpus, scratch };
}

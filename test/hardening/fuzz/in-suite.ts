/**
 * The in-suite fuzz run of one reader: a few hundred seeded cases through the same
 * watchdog as `npm run fuzz` (which runs 10,000 per reader on demand).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failureLines, runCampaign, type CampaignSummary } from './campaign.js';
import type { ReaderName } from './target.js';

/** Fixed so a failure in CI replays with `npm run fuzz -- --reader R --seed 1127 --case I`. */
export const IN_SUITE_SEED = 1127;

export function describeFuzz(reader: ReaderName, cases: number): void {
  describe(`fuzzing the ${reader} reader: ${cases} mutated inputs (seed ${IN_SUITE_SEED})`, () => {
    let summary: CampaignSummary;
    beforeAll(async () => {
      summary = await runCampaign({ reader, seed: IN_SUITE_SEED, cases });
    });

    it('each case ends valid or with one line naming the input, within 1 s and the memory cap', () => {
      expect(summary.cases).toBe(cases);
      expect(failureLines(summary)).toEqual([]);
    });

    it('the mutations reach both outcomes, through every mutator', () => {
      expect(summary.valid).toBeGreaterThan(0);
      expect(summary.errors).toBeGreaterThan(0);
      expect(summary.mutators.filter((m) => !summary.byMutator[m])).toEqual([]);
    });
  });
}

/**
 * A small sample of `npm run fuzz`'s CLI flag fuzzing (which runs 40 command lines per
 * CLI on demand): random values for the documented flags of every CLI, each run as a
 * real process, must end in time, print no stack trace, and refuse in one line (exit 2).
 */
import { describe, expect, it } from 'vitest';
import { fuzzClis } from './fuzz/cli/campaign.js';
import { CLIS, cliCase, documentedFlags } from './fuzz/cli/flag-cases.js';
import { IN_SUITE_SEED } from './fuzz/in-suite.js';
import { makeSandbox } from './fuzz/cli/sandbox.js';

describe('CLI flag fuzzing (sample)', () => {
  it('draws from every documented flag of every CLI', () => {
    const sandbox = makeSandbox();
    try {
      for (const cli of CLIS) {
        const used = new Set(Array.from({ length: 400 }, (_, i) => cliCase(cli, IN_SUITE_SEED, i, sandbox).argv).flat());
        expect(documentedFlags(cli).filter((f) => !used.has(f)), cli).toEqual([]);
      }
    } finally {
      sandbox.remove();
    }
    expect(documentedFlags('train-and-export')).toContain('--override');
    expect(documentedFlags('cifar-preview')).toContain('--scale');
  });

  it(`3 random command lines per CLI (seed ${IN_SUITE_SEED}): no hang, no stack trace, one-line refusals`, async () => {
    const summary = await fuzzClis({ clis: CLIS, seed: IN_SUITE_SEED, cases: 3, parallel: 2 });
    expect(summary.failures.map((f) => `${f.case.cli} ${f.case.argv.join(' ')}: ${f.message}`)).toEqual([]);
    expect(summary.verdicts).toHaveLength(3 * CLIS.length);
    expect(summary.verdicts.some((v) => v.outcome === 'refused')).toBe(true);
  });
});

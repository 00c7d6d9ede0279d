/**
 * A CLI flag-fuzzing campaign: `cases` seeded command lines per CLI, run in a fresh
 * sandbox, tallied per CLI and outcome; each failure printed with its replay command.
 */
import { cliCase, type CliName } from './flag-cases.js';
import { replayCliCommand, runCliCases, type CliRunLimits, type CliVerdict } from './run-cli-case.js';
import { makeSandbox } from './sandbox.js';

export interface CliFuzzOptions {
  clis: readonly CliName[];
  seed: number;
  /** First case index (a replay runs one case from here). */
  first?: number;
  cases: number;
  parallel: number;
  limits?: CliRunLimits;
  log?: (line: string) => void;
}

export interface CliFuzzSummary {
  verdicts: CliVerdict[];
  failures: CliVerdict[];
  /** Per CLI: cases, then per outcome. */
  tally: Record<string, Record<CliVerdict['outcome'] | 'cases', number>>;
}

export async function fuzzClis(o: CliFuzzOptions): Promise<CliFuzzSummary> {
  const sandbox = makeSandbox();
  try {
    const first = o.first ?? 0;
    const cases = o.clis.flatMap((cli) => Array.from({ length: o.cases }, (_, i) => cliCase(cli, o.seed, first + i, sandbox)));
    const started = performance.now();
    const verdicts = await runCliCases(cases, sandbox.outputs, sandbox.env, o.parallel, o.limits, (v) => {
      if (v.outcome === 'failure') o.log?.(`  FAIL ${v.case.cli} ${JSON.stringify(v.case.argv)}: ${v.message}\n    replay: ${replayCliCommand(v)}`);
    });
    const tally: CliFuzzSummary['tally'] = {};
    for (const v of verdicts) {
      const t = (tally[v.case.cli] ??= { cases: 0, ok: 0, refused: 0, stopped: 0, failure: 0 });
      t.cases++;
      t[v.outcome]++;
    }
    for (const [cli, t] of Object.entries(tally)) {
      o.log?.(`cli ${cli.padEnd(17)} ${String(t.cases).padStart(4)} cases ${String(t.ok).padStart(4)} ran ${String(t.refused).padStart(4)} refused (exit 2, one line) ${t.stopped} stopped by Ctrl-C ${t.failure} failures`);
    }
    o.log?.(`  (${((performance.now() - started) / 1000).toFixed(1)} s, seed ${o.seed})`);
    return { verdicts, failures: verdicts.filter((v) => v.outcome === 'failure'), tally };
  } finally {
    sandbox.remove();
  }
}

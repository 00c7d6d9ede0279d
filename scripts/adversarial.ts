/**
 * Issue 18's adversarial pass, rerunnable: the bad inputs a new user would try (each
 * reproducer of the issue, plus fuzzed flags of every CLI) and injected faults (kill -9
 * and Ctrl-C at random moments, a second writer, a stale lock, damaged checkpoints, a
 * disk that fills up), all against real processes. Prints the counts:
 *
 *   bad inputs: N tried, M handled cleanly       (exit code as documented, one line, in time, nothing left behind)
 *   faults: N injected, M survived with nothing lost
 *
 *   node --import tsx scripts/adversarial.ts [--fuzz-per-cli 20] [--seed 1] [--parallel 2] [--only inputs|faults]
 *
 * Exit code 1 when anything was not handled or not survived.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { badInputFiles, badInputs, type AdversarialSandbox, type BadInput } from '../test/hardening/adversarial/bad-inputs.js';
import { FaultLab, type FaultResult } from '../test/hardening/adversarial/faults.js';
import { CLIS, cliCase, type CliCase } from '../test/hardening/fuzz/cli/flag-cases.js';
import { runCliCase, type CliVerdict } from '../test/hardening/fuzz/cli/run-cli-case.js';
import { makeSandbox } from '../test/hardening/fuzz/cli/sandbox.js';
import { listTree } from '../test/hardening/helpers/small-run.js';
import { releaseFiles, writeReleaseFolder } from '../test/train/data/helpers/synthetic-cifar.js';

const { values } = parseArgs({
  options: {
    'fuzz-per-cli': { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    parallel: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const fuzzPerCli = Number(values['fuzz-per-cli']);
const seed = Number(values.seed);
const parallel = Math.max(1, Number(values.parallel));

async function inParallel<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

/** Why a bad input was not handled cleanly, or null. */
function judgeBadInput(input: BadInput, v: CliVerdict, caseDir: string): string | null {
  if (v.outcome === 'failure') return v.message;
  const expected = input.code ?? 2;
  if (v.code !== expected) return `exit ${v.code}, expected ${expected}: ${v.message.slice(0, 200)}`;
  const text = expected === 1 && input.cli === 'inspect-onnx' ? v.stdout : v.message;
  if (input.line && !input.line.test(text)) return `the line does not say it: ${JSON.stringify(v.message.slice(0, 300))}`;
  if (v.ms > (input.ms ?? 20_000)) return `took ${v.ms} ms`;
  const left = expected === 0 ? [] : listTree(caseDir);
  if (left.length) return `left behind: ${left.slice(0, 5).join(', ')}`;
  return null;
}

async function runBadInputs(s: AdversarialSandbox): Promise<{ tried: number; clean: number }> {
  const files = await badInputFiles(s);
  const explicit = badInputs(s, files);
  let n = 0;
  const caseDir = () => {
    const dir = join(s.root, 'cases', String(++n));
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  console.log(`bad inputs: ${explicit.length} reproducers of the issue, ${fuzzPerCli} fuzzed command lines per CLI`);
  const explicitResults = await inParallel(explicit, async (input) => {
    const dir = caseDir();
    const c: CliCase = { cli: input.cli, seed: 0, index: 0, argv: input.argv };
    const problem = judgeBadInput(input, await runCliCase(c, dir, s.env), dir);
    console.log(`  ${problem ? 'NOT CLEAN' : 'clean    '} ${input.name}${problem ? `: ${problem}` : ''}`);
    return problem === null;
  });
  const fuzzCases = CLIS.flatMap((cli) => Array.from({ length: fuzzPerCli }, (_, i) => cliCase(cli, seed, i, s)));
  const fuzzResults = await inParallel(fuzzCases, async (c) => {
    const v = await runCliCase(c, caseDir(), s.env);
    if (v.outcome === 'failure') console.log(`  NOT CLEAN fuzz ${c.cli} ${JSON.stringify(c.argv)}: ${v.message}`);
    return v.outcome !== 'failure';
  });
  console.log(`  fuzzed: ${fuzzResults.filter(Boolean).length} of ${fuzzResults.length} clean`);
  const all = [...explicitResults, ...fuzzResults];
  return { tried: all.length, clean: all.filter(Boolean).length };
}

async function runFaults(s: AdversarialSandbox): Promise<{ injected: number; survived: number }> {
  const lab = new FaultLab(join(s.root, 'faults'), s.data, s.env);
  await lab.prepare();
  const plans: (() => Promise<FaultResult | null>)[] = [
    ...Array.from({ length: 10 }, (_, i) => () => lab.kill9(seed * 100 + i)),
    ...Array.from({ length: 8 }, (_, i) => () => lab.ctrlC(seed * 100 + i)),
    ...Array.from({ length: 2 }, (_, i) => () => lab.ctrlC(seed * 100 + 50 + i, true)),
    ...Array.from({ length: 3 }, (_, i) => () => lab.secondWriter(i)),
    ...Array.from({ length: 2 }, (_, i) => () => lab.staleLock(i)),
    () => lab.tornCheckpoint('truncated'),
    () => lab.tornCheckpoint('bit flip'),
    () => lab.tornCheckpoint('empty'),
  ];
  console.log(`faults: ${plans.length + 2} planned`);
  const results = (await inParallel(plans, (plan) => plan())).filter((r): r is FaultResult => r !== null);
  // Mounting is one at a time.
  for (const i of [0, 1]) {
    const r = await lab.fullDisk(i);
    if (r) results.push(r);
    else console.log('  (full disk: cannot mount a tmpfs here; not injected)');
  }
  for (const r of results) console.log(`  ${r.survived ? 'survived ' : 'LOST     '} ${r.name}: ${r.detail}`);
  return { injected: results.length, survived: results.filter((r) => r.survived).length };
}

const base = makeSandbox();
const otherData = join(base.root, 'other-data');
writeReleaseFolder(join(otherData, 'cifar-10-batches-bin'), releaseFiles(41).files);
const sandbox: AdversarialSandbox = { ...base, otherData, runCheckpoint: join(base.root, 'finished', 'r-run', 'checkpoints', 'epoch-0001.ckpt') };
const started = performance.now();
try {
  // A finished run to resume against.
  mkdirSync(join(base.root, 'finished'), { recursive: true });
  const setup = await runCliCase(
    { cli: 'train-and-export', seed: 0, index: 0, argv: [join(base.root, 'finished', 'r.onnx'), '--data', base.data, '--epochs', '2', '--batch-size', '16', '--limit', '64', '--quiet'] },
    base.root,
    base.env,
  );
  if (setup.code !== 0 || !existsSync(sandbox.runCheckpoint)) throw new Error(`setup run failed: ${setup.message}`);

  const inputs = values.only === 'faults' ? null : await runBadInputs(sandbox);
  const faults = values.only === 'inputs' ? null : await runFaults(sandbox);
  console.log('');
  if (inputs) console.log(`bad inputs: ${inputs.tried} tried, ${inputs.clean} handled cleanly`);
  if (faults) console.log(`faults: ${faults.injected} injected, ${faults.survived} survived with nothing lost`);
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s, seed ${seed})`);
  process.exitCode = (inputs && inputs.clean < inputs.tried) || (faults && faults.survived < faults.injected) ? 1 : 0;
} finally {
  base.remove();
}

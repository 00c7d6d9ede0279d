/**
 * The fuzz watchdog itself: a case that never answers is killed and reported as a hang,
 * a runner that dies is reported as a crash — each naming the case's seed, index, input
 * and mutator, with the command that replays it — and a fresh runner takes the next case.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { replayCommand } from './fuzz/case-report.js';
import { CaseRunnerProcess } from './fuzz/watchdog.js';

const runnerScript = fileURLToPath(new URL('./fuzz/self-test/misbehaving-runner.ts', import.meta.url));
const watchdog = new CaseRunnerProcess('onnx', { caseMs: 1000, runnerScript });
afterAll(() => watchdog.close());

describe('the per-case watchdog', () => {
  it('passes a normal case through', async () => {
    expect(await watchdog.run(7, 0)).toMatchObject({ index: 0, outcome: 'valid' });
  });

  it('kills a case that does not answer within 1 s and says which case it was', async () => {
    const report = await watchdog.run(7, 1);
    expect(report).toMatchObject({ seed: 7, index: 1, seedName: 'fake-seed', mutator: 'fake-mutator', outcome: 'failure' });
    expect(report.message).toBe('hang: no answer within 1000 ms (killed)');
    expect(replayCommand(report)).toBe('npm run fuzz -- --reader onnx --seed 7 --case 1');
  });

  it('reports a runner that crashes', async () => {
    const report = await watchdog.run(7, 2);
    expect(report).toMatchObject({ index: 2, outcome: 'failure', seedName: 'fake-seed' });
    expect(report.message).toMatch(/^crash: the runner died \(signal SIGSEGV\)/);
  });

  it('carries on with a fresh runner', async () => {
    expect(await watchdog.run(7, 3)).toMatchObject({ index: 3, outcome: 'valid' });
  });
});

/**
 * Issue 18, items 1, 2 and 9: a checkpoint is the whole run. The Ctrl-C message's
 * command, run exactly as printed, continues the run to weights bit-identical to an
 * uninterrupted one; a flag that differs from the record is refused with one line
 * (or changed on purpose with --override); other data is refused; metrics never list
 * an epoch twice and a dead writer's temp file is swept on the next start.
 */
import { existsSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/train-and-export.js';
import { runInProcess } from '../cli/run-command.js';
import { FAST, makeReleaseData, messages, metricEpochs, tempWork, train, trainUntil, weightBytes } from './helpers/small-run.js';

/** In this process (no process start-up): for runs that need no signal. */
const trainHere = (args: string[]) => runInProcess(main, [...args, '--threads', '1']);

const work = tempWork('resume');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const data = makeReleaseData(work, 'data');
const otherData = makeReleaseData(work, 'other-data', 80, 1);
// The reproducer, scaled to the synthetic data: --limit, --epochs and --seed are not defaults.
const recipeFor = (epochs: number) => ['--data', data, '--limit', '160', '--epochs', String(epochs), '--seed', '7', ...FAST];
const recipe = recipeFor(3);

describe('resume from the checkpoint alone', () => {
  let interruptedCheckpoint = '';

  it('the command printed at Ctrl-C, run as printed, ends on the weights of an uninterrupted run', async () => {
    const straight = join(work, 'straight', 's1.onnx');
    expect((await train([straight, ...recipe, '--quiet'])).code).toBe(0);

    const out = join(work, 'stopped', 's1.onnx');
    // Ctrl-C during epoch 2 (right after epoch 1's line).
    const stopped = await trainUntil([out, ...recipe], (e) => e.type === 'epoch' && e.epoch === 1, 'SIGINT');
    expect(stopped.code).toBe(130);
    const line = messages(stopped.stdout).find((m) => m.includes('resume with:'));
    expect(line, stopped.stdout).toMatch(/\nresume with: train-and-export --resume \S+\.ckpt$/);
    const printed = line!.split('resume with: train-and-export ')[1]!.split(' ');
    interruptedCheckpoint = printed[1]!;
    expect(existsSync(out)).toBe(false);

    const resumed = await train([...printed, '--json']); // exactly the printed words, nothing added
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(messages(resumed.stdout).join('\n')).toMatch(/resuming from .* at epoch [12], step \d+/);
    expect(weightBytes(out)).toEqual(weightBytes(straight));
    expect(metricEpochs(join(work, 'stopped', 's1-run'))).toEqual([1, 2, 3]);
  });

  it('a flag that differs from the record is refused with one line, never silently dropped', async () => {
    const cases: [string[], RegExp][] = [
      [['--lr', '0.001'], /^--lr 0\.001: .* was made with --lr 0\.003; to change it for the rest of the run, use --override lr=0\.001$/],
      [['--seed', '8'], /^--seed 8: .* was made with --seed 7; a resumed run cannot change it; start a new run instead$/],
      [['--limit', '320'], /^--limit 320: .* was made with --limit 160; a resumed run cannot change it/],
      [['--arch', 'lenet5-relu'], /^--arch lenet5-relu: .* was made with --arch lenet5; a resumed run cannot change it/],
      [['--epochs', '5'], /^--epochs 5: .* was made with --epochs 3; to change it for the rest of the run, use --override epochs=5$/],
      [['--override', 'arch=lenet5-relu'], /^--override arch=lenet5-relu: expected NAME=VALUE with NAME one of epochs, lr,/],
      [['--data', otherData], /^.*other-data: not the data .* was trained on \(different images, labels or classes\)/],
    ];
    for (const [flags, expected] of cases) {
      const r = await trainHere(['--resume', interruptedCheckpoint, ...flags, '--quiet']);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), flags.join(' ')).toHaveLength(1);
      expect(r.stderr.trim(), flags.join(' ')).toMatch(expected);
    }
    // The same value typed again is no conflict.
    const same = await trainHere(['--resume', interruptedCheckpoint, '--lr', '0.003', '--seed', '7', '--limit', '160', '--data', data, '--quiet']);
    expect(same.code, same.stderr).toBe(0);
  });

  it('after a divergence the printed --override lr=… really changes the rate, and the run completes', async () => {
    const out = join(work, 'diverge', 'd.onnx');
    const sgd = ['--data', data, '--limit', '160', '--epochs', '1', '--arch', 'lenet5-relu', '--optimizer', 'sgd', '--lr', '0.01', '--no-augment', ...FAST];
    expect((await trainHere([out, ...sgd, '--quiet'])).code).toBe(0);
    const ckpt = join(work, 'diverge', 'd-run', 'checkpoints', 'epoch-0001.ckpt');
    const blown = await trainHere(['--resume', ckpt, '--override', 'epochs=2', '--override', 'lr=1e12']);
    expect(blown.code).toBe(1);
    expect(blown.stderr).toMatch(/override: lr 0\.01 -> 1000000000000/);
    expect(blown.stderr).toMatch(/training diverged: loss is (NaN|Infinity) at epoch 2/);
    expect(blown.stderr).toMatch(/resume with a lower rate: train-and-export --resume \S+epoch-0001\.ckpt --override lr=100000000000/);
    const fixed = await trainHere(['--resume', ckpt, '--override', 'epochs=2', '--override', 'lr=0.001']);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stderr).toMatch(/override: lr 0\.01 -> 0\.001/);
    expect(metricEpochs(join(work, 'diverge', 'd-run'))).toEqual([1, 2]);
  });

  it('kill -9 between an epoch\'s metrics and its checkpoint: the resume lists every epoch once and sweeps the dead temp file', async () => {
    const out = join(work, 'killed', 'k.onnx');
    expect((await trainHere([out, ...recipeFor(2), '--quiet'])).code).toBe(0);
    const run = join(work, 'killed', 'k-run');
    const checkpoints = join(run, 'checkpoints');
    // The state a kill leaves: epoch 2 in metrics.jsonl, its checkpoint only as a temp file of a dead writer.
    rmSync(join(checkpoints, 'epoch-0002.ckpt'));
    const deadPid = 2 ** 22 + 4321; // above Linux's default pid_max: never alive
    const orphan = join(checkpoints, `.epoch-0002.ckpt.${deadPid}-0badf00d.tmp`);
    writeFileSync(orphan, Buffer.alloc(750_000));
    const now = Date.now() / 1000;
    utimesSync(orphan, now, now); // fresh: the old one-hour rule would have kept it
    rmSync(out);
    expect(metricEpochs(run)).toEqual([1, 2]);

    const resumed = await trainHere(['--resume', join(checkpoints, 'epoch-0001.ckpt'), '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(metricEpochs(run)).toEqual([1, 2]);
    expect(existsSync(orphan)).toBe(false);
    expect(readdirSync(checkpoints).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });

  it('a run whose data came from $CIFAR10_DATA resumes without it', async () => {
    const out = join(work, 'from-env', 'e.onnx');
    process.env.CIFAR10_DATA = data;
    try {
      expect((await trainHere([out, '--limit', '32', '--epochs', '2', ...FAST, '--quiet'])).code).toBe(0);
    } finally {
      delete process.env.CIFAR10_DATA;
    }
    const resumed = await trainHere(['--resume', join(work, 'from-env', 'e-run', 'checkpoints', 'epoch-0001.ckpt')]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`data: binary folder ${join(data, 'cifar-10-batches-bin')};`);
  });
});

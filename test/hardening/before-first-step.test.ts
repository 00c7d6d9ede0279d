/**
 * Issue 18, items 3, 4, 7, 8 and 9: everything that can be checked is checked before
 * the first training step, in one line with exit code 2, and a failed run leaves no
 * folder behind; two runs cannot write the same output; paths under /proc or /sys
 * fail at once instead of spinning in a recursive mkdir.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { main } from '../../src/cli/train-and-export.js';
import { runInProcess } from '../cli/run-command.js';
import { FAST, listTree, makeReleaseData, tempWork } from './helpers/small-run.js';

const work = tempWork('checks');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const data = makeReleaseData(work, 'data');
const trainHere = (args: string[]) => runInProcess(main, [...args, '--threads', '1', '--quiet']);

/** Runs, expects exit 2 with exactly one line matching `expected`, within `ms`, and nothing new on disk. */
async function refused(args: string[], expected: RegExp, ms = 5_000): Promise<void> {
  const before = listTree(work);
  const started = performance.now();
  const r = await trainHere(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(expected);
  expect(performance.now() - started).toBeLessThan(ms);
  expect(listTree(work), 'a failed run leaves nothing behind').toEqual(before);
}

describe('checked before the first step (exit 2, one line, nothing left behind)', () => {
  it('--opset 1 is refused before any work', async () => {
    await refused([join(work, 'o1', 'm.onnx'), '--data', data, '--opset', '1'], /^--opset 1: must be >= 11$/);
  });

  it('--limit 10 (fewer images than a batch) is refused, naming both flags', async () => {
    await refused([join(work, 'o2', 'm.onnx'), '--data', data, '--limit', '10'], /^--limit 10: 10 training images are fewer than one batch \(--batch-size 64\); use --batch-size 10 or less/);
    const works = await trainHere([join(work, 'o2b', 'm.onnx'), '--data', data, '--limit', '10', '--batch-size', '10', '--epochs', '1']);
    expect(works.code, works.stderr).toBe(0);
  });

  it('a one-class dataset is refused before training, not at export', async () => {
    const root = join(work, 'one-class');
    for (const split of ['train', 'test']) {
      mkdirSync(join(root, split, 'cat'), { recursive: true });
      for (let i = 0; i < 4; i++) await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 9 * i, g: 0, b: 0 } } }).png().toFile(join(root, split, 'cat', `${i}.png`));
    }
    await refused([join(work, 'o3', 'm.onnx'), '--data', root, '--no-cache', '--batch-size', '2'], /^image folder .*one-class: 1 class \(cat\); a classifier needs at least 2 class folders$/);
  });

  it('an unwritable output folder is found by a probe, not by the first checkpoint', async () => {
    // As root a chmod'ed folder stays writable; /sys refuses new files even to root.
    await refused(['/sys/kernel/m.onnx', '--data', data], /^\/sys\/kernel: cannot write the model here \((EACCES|EPERM|EROFS)/);
    await refused(['/sys/x.onnx', '--data', data], /^\/sys: cannot write the model here/);
    await refused([join(work, 'o4', 'm.onnx'), '--data', data, '--out-dir', '/sys/kernel/run'], /^\/sys\/kernel: cannot write the run folder \(metrics, plots, checkpoints\) here/);
  });

  it('paths under /proc fail at once instead of hanging in a recursive mkdir', async () => {
    await refused(['/proc/nope/o.onnx', '--data', data], /^\/proc: cannot write the model here \(ENOENT: this file system does not allow new files here/);
    await refused([join(work, 'o5', 'm.onnx'), '--data', data, '--out-dir', '/proc/x'], /^\/proc: cannot write the run folder/);
    await refused(['/etc/hostname/x.onnx', '--data', data], /^\/etc\/hostname: is a file, not a folder \(needed for \/etc\/hostname\)$/);
  });

  it('an output that is a folder is refused', async () => {
    const dir = join(work, 'is-a-folder.onnx');
    mkdirSync(dir);
    await refused([dir, '--data', data], /is-a-folder\.onnx: is a folder; the output must be a \.onnx file path$/);
  });
});

describe('one writer per output', () => {
  it('a second run refuses with one line naming the other process; a dead owner\'s lock is taken over', async () => {
    const out = join(work, 'locked', 'm.onnx');
    mkdirSync(join(work, 'locked'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${out}.lock`, JSON.stringify({ pid: holder.pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' }));
      await refused([out, '--data', data], new RegExp(`m\\.onnx: process ${holder.pid} \\(started 2026-01-01T00:00:00\\.000Z\\) is writing this output; wait for it to finish or choose another output \\(lock file .*m\\.onnx\\.lock\\)$`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((resolve) => holder.once('exit', resolve));
    }
    const taken = await trainHere([out, '--data', data, '--limit', '32', ...FAST, '--epochs', '1']);
    expect(taken.code, taken.stderr).toBe(0);
    expect(existsSync(`${out}.lock`), 'released on exit').toBe(false);
  });

  it('a new run refuses to mix with an earlier run\'s checkpoints', async () => {
    const out = join(work, 'again', 'm.onnx');
    const args = [out, '--data', data, '--limit', '32', ...FAST, '--epochs', '1'];
    expect((await trainHere(args)).code).toBe(0);
    await refused(args, /again\/m-run\/checkpoints: holds checkpoints of an earlier run \(epoch-0001\.ckpt\); continue it with --resume .*epoch-0001\.ckpt/);
  });
});

/**
 * Small, fast train-and-export runs for the hardening tests: a synthetic CIFAR-10 binary
 * release (400 training and 80 test images, read without decoding or caching) and the
 * command run as a real process, as a user would.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOnnx } from '../../../src/export/index.js';
import { releaseFiles, writeReleaseFolder } from '../../train/data/helpers/synthetic-cifar.js';
import { runBin, startBin, type BinResult } from '../../helpers/run-bin.js';

/** A folder holding `cifar-10-batches-bin/` with 5×perBatch training and perBatch test images. */
export function makeReleaseData(parent: string, name: string, perBatch = 80, seedShift = 0): string {
  const dir = join(parent, name);
  const { files } = releaseFiles(perBatch + seedShift);
  writeReleaseFolder(join(dir, 'cifar-10-batches-bin'), files);
  return dir;
}

export function tempWork(label: string): string {
  return mkdtempSync(join(tmpdir(), `lenet-hardening-${label}-`));
}

/** Quick defaults: small batches, no augmentation noise in timing, quiet. */
export const FAST = ['--batch-size', '16', '--warmup-epochs', '0'];

export function train(args: string[], env: NodeJS.ProcessEnv = {}): Promise<BinResult> {
  return runBin('train-and-export', args, env);
}

/** Starts a run in --json mode and sends `signal` when `when(event)` first holds. */
export async function trainUntil(args: string[], when: (event: { type: string; epoch?: number }) => boolean, signal: NodeJS.Signals): Promise<BinResult> {
  const { child, done } = startBin('train-and-export', [...args, '--json']);
  let buffer = '';
  let sent = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while (!sent && (newline = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (when(JSON.parse(line) as { type: string; epoch?: number })) {
        sent = true;
        child.kill(signal);
      }
    }
  });
  return done;
}

/** The messages of a --json run. */
export function messages(stdout: string): string[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; text?: string })
    .filter((e) => e.type === 'message')
    .map((e) => e.text!);
}

/** Every weight of a model file, as raw bytes per parameter, for bit-exact comparison. */
export function weightBytes(model: string): Record<string, string> {
  const spec = loadOnnx(model);
  return Object.fromEntries(Object.entries(spec.params).map(([name, p]) => [name, Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('hex')]));
}

export function metricEpochs(runDir: string): number[] {
  const file = join(runDir, 'metrics.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { epoch: number }).epoch);
}

/** Everything below `dir`, as sorted relative paths (folders end in /). */
export function listTree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory()) out.push(`${rel}/`, ...listTree(join(dir, entry.name), `${rel}/`));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * kill -9 while writing a checkpoint, a model and the decoded cache: a child process
 * (crash-safety/writer-loop.ts) rewrites them with the tool's writers and is killed at
 * each step of the temp-file → fsync → rename sequence, and at random moments. The
 * final name must always hold a complete version (the previous or the new one, byte for
 * byte, readable by the real reader); leftovers may only be temp files.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/graph/random.js';
import { repoRoot } from '../helpers/paths.js';
import { expectedBytes, FILE_KINDS, VERSIONED_FILES, type FileKind } from './crash-safety/versioned-files.js';

const WRITER = fileURLToPath(new URL('./crash-safety/writer-loop.ts', import.meta.url));
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function freshDir(label: string): string {
  // On the real disk (not tmpfs), so fsync and rename behave as for a user's files.
  const dir = mkdtempSync(join(tmpdir(), `lenet-crash-${label}-`));
  made.push(dir);
  return dir;
}

interface Killed {
  signal: NodeJS.Signals | null;
  /** Last completed version per kind, from the child's `wrote <kind> <v>` lines. */
  completed: Partial<Record<FileKind, number>>;
  stderr: string;
}

/** Runs the writer; `killAfterFirstRound(ms)` kills it that long after every kind was written once. */
function runWriter(dir: string, args: string[], killAfterFirstRoundMs?: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const completed: Killed['completed'] = {};
    let stdout = '';
    let stderr = '';
    const kinds = args[0]!.split(',') as FileKind[];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      for (const [, kind, v] of stdout.matchAll(/wrote (\w+) (\d+)\n/g)) completed[kind as FileKind] = Number(v);
      if (killAfterFirstRoundMs !== undefined && kinds.every((k) => completed[k]) && child.exitCode === null) {
        const ms = killAfterFirstRoundMs;
        killAfterFirstRoundMs = undefined;
        setTimeout(() => child.kill('SIGKILL'), ms);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ signal, completed, stderr }));
  });
}

const tempName = (fileName: string) => new RegExp(`^\\.${fileName.replace('.', '\\.')}\\.\\d+-[0-9a-f]{8}\\.tmp$`);

/** The version now under the final name (checked byte for byte and by the real reader), and stray temp files. */
function inspect(dir: string, kind: FileKind, candidates: number[], scratch: string): { version: number; strayTemps: string[] } {
  const { fileName, readVersion } = VERSIONED_FILES[kind];
  const path = join(dir, fileName);
  const version = readVersion(path);
  expect(candidates, `${kind}: version ${version} under the final name`).toContain(version);
  expect(readFileSync(path).equals(expectedBytes(kind, version, scratch)), `${kind}: bytes of version ${version}`).toBe(true);
  const others = readdirSync(dir).filter((f) => f !== fileName && !FILE_KINDS.some((k) => f === VERSIONED_FILES[k].fileName));
  const strayTemps = others.filter((f) => tempName(fileName).test(f));
  const unexpected = others.filter((f) => !FILE_KINDS.some((k) => tempName(VERSIONED_FILES[k].fileName).test(f)));
  expect(unexpected, `${kind}: files other than the final names and temp files`).toEqual([]);
  return { version, strayTemps };
}

/** Kill points in the second write; before the rename the old version must survive, after it the new one. */
const KILL_POINTS: { when: string; args: string[]; survivor: 1 | 2; temps: number }[] = [
  { when: 'the temp file is created, nothing written', args: ['writeSync', '1'], survivor: 1, temps: 1 },
  { when: 'the first chunk is half written (a torn write)', args: ['writeSync', '1', 'half'], survivor: 1, temps: 1 },
  { when: 'every byte is written, before fsync', args: ['fsyncSync', '1'], survivor: 1, temps: 1 },
  { when: 'the temp file is fsynced, before the rename', args: ['renameSync', '1'], survivor: 1, temps: 1 },
  { when: 'the rename is done, before the folder is fsynced', args: ['openSync', '2'], survivor: 2, temps: 0 },
];

describe('kill -9 at each step of an atomic write', () => {
  const scratch = freshDir('expected');
  for (const kind of FILE_KINDS) {
    for (const point of KILL_POINTS) {
      it(`${kind}: killed when ${point.when}`, async () => {
        const dir = freshDir(kind);
        const run = await runWriter(dir, [kind, ...point.args]);
        expect(run.signal, run.stderr).toBe('SIGKILL');
        expect(run.completed[kind]).toBe(1);
        const { version, strayTemps } = inspect(dir, kind, [1, 2], scratch);
        expect(version).toBe(point.survivor);
        expect(strayTemps).toHaveLength(point.temps);
      });
    }
  }
});

describe('kill -9 at random moments while all three files are rewritten in turn', () => {
  const scratch = freshDir('expected-random');
  const rng = new Random(20261127);
  const delays = Array.from({ length: 4 }, () => rng.int(400));
  for (const [round, delay] of delays.entries()) {
    it(`round ${round + 1}: killed ${delay} ms after the first versions were written`, async () => {
      const dir = freshDir('random');
      const run = await runWriter(dir, [FILE_KINDS.join(',')], delay);
      expect(run.signal, run.stderr).toBe('SIGKILL');
      for (const kind of FILE_KINDS) {
        const last = run.completed[kind]!;
        inspect(dir, kind, [last, last + 1], scratch);
      }
    });
  }
});

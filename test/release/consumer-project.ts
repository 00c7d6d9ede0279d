/**
 * A consumer of the released package, as a stranger would make one: `npm pack` the
 * repository, then a fresh project in a temporary folder that installs the tarball and
 * the examples' own dependencies (from their package.json files), with install scripts
 * off so that nothing downloads binaries. Commands run there as a user's shell would
 * run them: npm's per-script environment (npm_*, INIT_CWD) is dropped, so a child npm
 * can never mistake the repository for the project it works on.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cifarArchive, repoRoot } from '../helpers/paths.js';

export const examplesDir = join(repoRoot, 'examples');

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** npm config a user may have set for reaching the registry; everything else npm_* is npm's per-run state. */
const KEPT_NPM_CONFIG = /^npm_config_(cache|registry|cafile|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl)$/i;

export function consumerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'INIT_CWD' || (/^npm_/i.test(key) && !KEPT_NPM_CONFIG.test(key))) continue;
    env[key] = value;
  }
  // onnxruntime-node's install script would fetch CUDA binaries; scripts are off anyway.
  return { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip', ...extra };
}

/** Runs a command to completion; never throws for a non-zero exit (the caller asserts on it). */
export function run(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: consumerEnv(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Like run, but a failure throws with the command's own output (for setup steps). */
export async function runOk(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  const result = await run(command, args, cwd);
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/**
 * `npm pack`s the repository into `dir`; returns the tarball's path. The pack runs in a
 * copy of the working tree (what git tracks, plus new files it does not ignore; so no
 * dist/ and no caches) sharing the repository's node_modules: `prepare` builds dist/
 * from the sources there, as it does in a fresh clone, and never rewrites files that
 * tests running alongside are reading.
 */
export async function packRepo(dir: string): Promise<string> {
  const source = join(dir, 'source');
  const listed = await runOk('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repoRoot);
  for (const file of listed.stdout.split('\0')) {
    // A tracked file deleted in the working tree is not part of it.
    if (file !== '' && existsSync(join(repoRoot, file))) cpSync(join(repoRoot, file), join(source, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(source, 'node_modules'), 'dir');
  const out = join(dir, 'tarball');
  mkdirSync(out, { recursive: true });
  await runOk('npm', ['pack', '--pack-destination', out], source);
  const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${out}: ${tarballs.join(', ')}`);
  return join(out, tarballs[0]!);
}

interface ExamplePackage {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readExamplePackage(example: string): ExamplePackage {
  return JSON.parse(readFileSync(join(examplesDir, example, 'package.json'), 'utf8')) as ExamplePackage;
}

/**
 * A project in `dir` with each example copied to `dir/<example>/` (minus its
 * package.json) and one node_modules above them holding the union of the examples'
 * dependencies, `lenet-portable` being the tarball.
 */
export async function installConsumer(dir: string, tarball: string, examples: readonly string[]): Promise<void> {
  const dependencies: Record<string, string> = {};
  for (const example of examples) {
    const pkg = readExamplePackage(example);
    Object.assign(dependencies, pkg.dependencies, pkg.devDependencies);
    cpSync(join(examplesDir, example), join(dir, example), {
      recursive: true,
      // Not what a developer's own run of the example may have left there.
      filter: (source) => !/[/\\](package\.json|package-lock\.json|node_modules|build|lenet\.onnx|\.venv)$/.test(source),
    });
  }
  dependencies['lenet-portable'] = `file:${tarball}`;
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'lenet-consumer', private: true, type: 'module', dependencies }, null, 2)}\n`);
  await runOk('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], dir);
}

/** Pulls the named members (`cifar10-jpg/test/<class>/<n>.jpg`) out of the shared archive with the system tar. */
export async function extractCifar(dir: string, members: readonly string[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  await runOk('tar', ['-xzf', cifarArchive, '-C', dir, ...members], dir);
  return members.map((m) => join(dir, m));
}

/** One classification as the examples print it: `label 12.3%`, best first. */
export interface Ranked {
  label: string;
  percent: number;
}

/** Parses lines like `truck        90.2%` or `truck 90.2%`. */
export function parseRanked(lines: readonly string[]): Ranked[] {
  return lines.map((line) => {
    const match = /^\s*(\S+)\s+(\d+(?:\.\d+)?)%\s*$/.exec(line);
    if (!match) throw new Error(`not a "label NN.N%" line: ${JSON.stringify(line)}`);
    return { label: match[1]!, percent: Number(match[2]) };
  });
}

/**
 * Random command lines for every CLI: the documented flags (read from each command's
 * own --help text, so a new flag is fuzzed the day it is documented), each given a
 * random value from a pool of hostile ones — wrong types, huge and negative numbers,
 * paths under /proc and /sys, an SVG named .jpg, a bomb PNG, empty strings — plus
 * random positionals. A case is a pure function of (seed, index).
 */
import { Random } from '../../../../src/graph/random.js';
import { HELP as PARITY_HELP } from '../../../../src/cli/verify-parity.js';
import { HELP as PREDICT_HELP } from '../../../../src/cli/predict.js';
import { HELP as PREVIEW_HELP } from '../../../../src/cli/preview.js';
import { HELP as TRAIN_HELP } from '../../../../src/cli/train-and-export.js';
import type { FuzzSandbox } from './sandbox.js';

export const CLIS = ['train-and-export', 'verify-parity', 'predict', 'inspect-onnx', 'cifar-preview'] as const;
export type CliName = (typeof CLIS)[number];

/** The bin file under src/bin/ of each command. */
export const BIN_FILE: Record<CliName, string> = {
  'train-and-export': 'train-and-export', 'verify-parity': 'verify-parity', predict: 'predict', 'inspect-onnx': 'inspect', 'cifar-preview': 'preview',
};

/** inspect-onnx has no HELP constant: its usage line and the flags its parser knows. */
const INSPECT_HELP = 'usage: inspect <model.onnx> [--json] [--verbose] [--help]';

const HELP_TEXT: Record<CliName, string> = {
  'train-and-export': TRAIN_HELP, 'verify-parity': PARITY_HELP, predict: PREDICT_HELP, 'inspect-onnx': INSPECT_HELP, 'cifar-preview': PREVIEW_HELP,
};

/** Every `--flag` the command's help mentions (never --help itself: it only prints). */
export function documentedFlags(cli: CliName): string[] {
  const flags = new Set(HELP_TEXT[cli].match(/--[a-z][a-z0-9-]*/g) ?? []);
  flags.delete('--help');
  return [...flags].sort();
}

function valuePool(s: FuzzSandbox, out: () => string): (() => string)[] {
  return [
    () => '0', () => '-1', () => '1', () => '2', () => '3', () => '7', () => '64', () => '1e12', () => '1e-300', () => '-0', () => '3.5',
    () => 'NaN', () => 'Infinity', () => '99999999999999999999', () => '0x10', () => '', () => ' ', () => 'abc', () => 'all', () => 'none',
    () => 'engine-cpu', () => 'ort-node', () => 'engine-cpu,ort-node', () => 'engine-cpu=1e-3', () => 'lr=0.001', () => 'epochs=2', () => 'cifar',
    () => 'train', () => 'test', () => 'skip', () => 'sgd', () => 'cosine', () => 'lenet5-relu', () => 'reference', () => 'cpu',
    () => s.data, () => s.cacheDir, () => s.model, () => s.image, () => s.svgAsJpeg, () => s.bomb, () => s.aFile, () => s.checkpoint,
    () => '/proc/nope/x', () => '/proc/x', () => '/sys/x', () => '/sys/kernel/x.png', () => '/dev/null', () => '../../../../etc/passwd',
    () => 'a\nb', () => '\u202ex\u0007', () => '-', () => '--', () => 'x'.repeat(5000), out, () => `${out()}.png`, () => `${out()}.md`,
  ];
}

export interface CliCase {
  cli: CliName;
  seed: number;
  index: number;
  argv: string[];
}

/** Case `index` of `cli` under `seed`: 1–4 random flags with random values, random positionals. */
export function cliCase(cli: CliName, seed: number, index: number, sandbox: FuzzSandbox): CliCase {
  const random = new Random((Math.imul(seed, 2654435761) ^ Math.imul(index + 1, 40503) ^ Math.imul(CLIS.indexOf(cli) + 1, 977)) >>> 0);
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)]!;
  const out = () => `${sandbox.outputs}/case-${seed}-${index}/out.onnx`;
  const values = valuePool(sandbox, out);
  const flags = documentedFlags(cli);
  const argv: string[] = [];
  // Positionals first: what each command expects, most of the time.
  const positional = random.next() < 0.8;
  if (positional) {
    if (cli === 'train-and-export') argv.push(random.next() < 0.7 ? out() : pick(values)());
    else if (cli === 'predict' || cli === 'verify-parity') argv.push(sandbox.model, ...(random.next() < 0.6 ? [random.next() < 0.7 ? sandbox.image : pick(values)()] : []));
    else if (cli === 'inspect-onnx') argv.push(random.next() < 0.6 ? sandbox.model : pick(values)());
  }
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    const flag = pick(flags);
    argv.push(flag);
    if (random.next() < 0.85) argv.push(pick(values)());
  }
  // Keep runs short where the command would otherwise do real work for long.
  if (cli === 'train-and-export' && !argv.includes('--epochs') && !argv.includes('--resume')) argv.push('--epochs', '1', '--limit', '64');
  if (cli === 'verify-parity' && !argv.includes('--runtimes')) argv.push('--runtimes', 'engine-cpu,ort-node');
  return { cli, seed, index, argv };
}

/**
 * The bad inputs of issue 18's adversarial pass, as data: each is a command line (run
 * as a real process in its own empty folder) and what handling it cleanly means — the
 * expected exit code, one line naming the fault, within a time limit, and nothing left
 * behind in the folder. Paths point into the shared sandbox (fuzz/cli/sandbox.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editedModel } from '../helpers/onnx-edit.js';
import { makeTarGz } from '../../helpers/make-tar.js';
import { imageFolderItems } from '../../train/data/helpers/synthetic-cifar.js';
import type { CliName } from '../fuzz/cli/flag-cases.js';
import type { FuzzSandbox } from '../fuzz/cli/sandbox.js';

/** The fuzz sandbox plus a finished run's checkpoint and a second, different dataset. */
export interface AdversarialSandbox extends FuzzSandbox {
  runCheckpoint: string;
  otherData: string;
}

export interface BadInput {
  /** What the issue called it. */
  name: string;
  cli: CliName;
  argv: string[];
  /** Exit code of a clean refusal (2 unless said). */
  code?: number;
  /** The one line must match this (stderr's last line; stdout for inspect's report). */
  line?: RegExp;
  /** Slower than this is not clean (default 20 s, process start included). */
  ms?: number;
}

/** Extra files the bad inputs need, made once in the sandbox. */
export async function badInputFiles(s: AdversarialSandbox) {
  const dir = join(s.root, 'bad-inputs');
  mkdirSync(dir, { recursive: true });
  const { items } = await imageFolderItems(['cat', 'dog'], { train: 4, test: 2 });
  const svg = readFileSync(s.svgAsJpeg);
  const bomb = readFileSync(s.bomb);
  const archive = (name: string, extra: { path: string; data: Uint8Array }[]) => {
    const path = join(dir, name);
    writeFileSync(path, makeTarGz([...items, ...extra]));
    return path;
  };
  const oneClass = join(dir, 'one-class.tar.gz');
  writeFileSync(oneClass, makeTarGz(items.filter((i) => i.path.includes('/cat/'))));
  const model = readFileSync(s.model);
  const write = (name: string, bytes: Uint8Array | string) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };
  const externalDir = join(dir, 'external');
  mkdirSync(externalDir);
  return {
    good: archive('good.tar.gz', []),
    svgInside: archive('svg-inside.tar.gz', [{ path: 'train/cat/drawing.jpg', data: svg }]),
    bombInside: archive('bomb-inside.tar.gz', [{ path: 'train/dog/bomb.png', data: bomb }]),
    oneClass,
    noGraph: write('no-graph.onnx', editedModel(model, (m) => (m.graph = null))),
    dangling: write('dangling.onnx', editedModel(model, (m) => (m.graph!.node![1]!.input = ['nowhere']))),
    lyingDims: write('lying-dims.onnx', editedModel(model, (m) => (m.graph!.initializer![0]!.dims = [7, 7]))),
    escaping: write(
      join('external', 'escaping.onnx'),
      editedModel(model, (m) => {
        const t = m.graph!.initializer![0]!;
        t.dataLocation = 1;
        t.externalData = [{ key: 'location', value: '../../weights.bin' }];
        t.rawData = new Uint8Array(0);
      }),
    ),
    empty: write('empty.onnx', ''),
    emptyDir: (mkdirSync(join(dir, 'empty-dir')), join(dir, 'empty-dir')),
  };
}

export function badInputs(s: AdversarialSandbox, f: Awaited<ReturnType<typeof badInputFiles>>): BadInput[] {
  const out = 'o/m.onnx';
  const data = ['--data', s.data];
  const quick = ['--epochs', '1', '--limit', '64', '--batch-size', '16'];
  const T = 'train-and-export' as const;
  const P = 'verify-parity' as const;
  const R = 'predict' as const;
  const I = 'inspect-onnx' as const;
  const C = 'cifar-preview' as const;
  return [
    // 4. errors only after training, 8. raw system errors
    { name: '--opset 1', cli: T, argv: [out, ...data, '--opset', '1'], line: /--opset 1: must be >= 11/ },
    { name: '--opset 99', cli: T, argv: [out, ...data, '--opset', '99'], line: /--opset 99: must be <= \d+/ },
    { name: 'one-class dataset', cli: T, argv: [out, '--data', f.oneClass, '--no-cache', ...quick.slice(0, 2), '--batch-size', '2'], line: /1 class \(cat\); a classifier needs at least 2/ },
    { name: 'read-only output folder', cli: T, argv: ['/sys/kernel/m.onnx', ...data], line: /^train-and-export: \/sys\/kernel: cannot write the model here/ },
    { name: '/sys/x.onnx', cli: T, argv: ['/sys/x.onnx', ...data], line: /^train-and-export: \/sys: cannot write the model here/ },
    { name: '--limit 10 (fewer images than a batch)', cli: T, argv: [out, ...data, '--limit', '10'], line: /--limit 10: 10 training images are fewer than one batch/ },
    { name: 'output under a file', cli: T, argv: ['/etc/hostname/x.onnx', ...data], line: /is a file, not a folder/ },
    { name: 'output is a folder', cli: T, argv: [s.outputs, ...data], line: /the output must be a \.onnx file/ },
    // 7. hangs under /proc
    { name: 'train-and-export /proc/nope/o.onnx', cli: T, argv: ['/proc/nope/o.onnx', ...data], line: /\/proc: cannot write the model here/ },
    { name: '--out-dir /proc/x', cli: T, argv: [out, ...data, '--out-dir', '/proc/x'], line: /\/proc: cannot write the run folder/ },
    { name: '--cache-dir /proc/x (archive data: the cache is optional)', cli: T, argv: [out, '--data', f.good, '--cache-dir', '/proc/x', '--epochs', '1', '--batch-size', '2'], code: 0 },
    { name: 'predict --save-preprocessed /proc/nope', cli: R, argv: [s.model, s.image, '--save-preprocessed', '/proc/nope'], line: /\/proc\/nope: cannot create this folder/ },
    { name: 'verify-parity --save-test-data /proc/x', cli: P, argv: [s.model, '--save-test-data', '/proc/x', '--runtimes', 'engine-cpu'], line: /\/proc: cannot write --save-test-data here/ },
    { name: '--save-preprocessed onto an existing file', cli: R, argv: [s.model, s.image, '--save-preprocessed', s.aFile], line: /a-file\.txt: is a file, not a folder/ },
    { name: 'cifar-preview --out in a read-only folder names the output', cli: C, argv: ['--out', '/sys/kernel/p.png', '--data', s.data], line: /\/sys\/kernel: cannot write the contact sheet here/ },
    { name: 'cifar-preview --out /proc/nope/p.png', cli: C, argv: ['--out', '/proc/nope/p.png', '--data', s.data], line: /\/proc: cannot write the contact sheet here/ },
    // 2. resume
    { name: '--resume on a different dataset', cli: T, argv: ['--resume', s.runCheckpoint, '--data', s.otherData], line: /not the data .* was trained on/ },
    { name: '--resume with --lr', cli: T, argv: ['--resume', s.runCheckpoint, '--lr', '0.001'], line: /use --override lr=0\.001/ },
    { name: '--resume with --seed', cli: T, argv: ['--resume', s.runCheckpoint, '--seed', '99'], line: /--seed 99: .* was made with --seed/ },
    { name: '--resume with --limit', cli: T, argv: ['--resume', s.runCheckpoint, '--limit', '99'], line: /--limit 99: .* was made with/ },
    { name: '--resume with --arch', cli: T, argv: ['--resume', s.runCheckpoint, '--arch', 'lenet5-relu'], line: /--arch lenet5-relu: .* cannot change it/ },
    { name: '--resume with --init', cli: T, argv: ['--resume', s.runCheckpoint, '--init', s.model], line: /drop --init/ },
    { name: '--resume with another output', cli: T, argv: ['elsewhere.onnx', '--resume', s.runCheckpoint], line: /belongs to the run writing/ },
    { name: '--resume a text file', cli: T, argv: ['--resume', s.aFile], line: /not a usable checkpoint/ },
    { name: '--resume a missing file', cli: T, argv: ['--resume', '/proc/nope.ckpt'], line: /cannot read checkpoint/ },
    { name: '--override without --resume', cli: T, argv: [out, ...data, '--override', 'lr=1'], line: /--override lr=1: only for --resume/ },
    { name: '--override arch', cli: T, argv: ['--resume', s.runCheckpoint, '--override', 'arch=lenet5'], line: /expected NAME=VALUE with NAME one of/ },
    { name: '--override lr=abc', cli: T, argv: ['--resume', s.runCheckpoint, '--override', 'lr=abc'], line: /--override lr abc: not a number/ },
    // data
    { name: '--data /proc/x', cli: T, argv: [out, '--data', '/proc/x'], line: /--data \/proc\/x: no such file or folder/ },
    { name: '--data a text file', cli: T, argv: [out, '--data', s.aFile], line: /not a folder or a \.tar/ },
    { name: '--data an empty folder', cli: T, argv: [out, '--data', f.emptyDir], line: /no CIFAR-10 data here/ },
    { name: 'SVG named .jpg inside a dataset archive', cli: T, argv: [out, '--data', f.svgInside, '--no-cache', ...quick.slice(0, 2)], line: /drawing\.jpg: not a readable image \(unsupported image format: an SVG/ },
    { name: 'PNG bomb inside a dataset archive', cli: T, argv: [out, '--data', f.bombInside, '--no-cache', ...quick.slice(0, 2)], line: /bomb\.png: (decoding this 13000x13000 image needs about|image is)/, ms: 15_000 },
    { name: 'cifar-preview on an archive with an SVG', cli: C, argv: ['--data', f.svgInside, '--no-cache'], line: /unsupported image format: an SVG/ },
    { name: '--init a text file', cli: T, argv: [out, ...data, '--init', s.aFile], line: /a-file\.txt: not a valid ONNX/ },
    // 5. budgets
    { name: 'verify-parity --count 1000000 (no data)', cli: P, argv: ['--count', '1000000'], line: /--count 1000000: must be <= 10000/, ms: 15_000 },
    { name: 'verify-parity --count 1e12', cli: P, argv: ['--count', '1e12'], line: /--count 1e12: must be <= 10000/ },
    { name: 'verify-parity --batch-size 1e9', cli: P, argv: ['--batch-size', '1e9'], line: /--batch-size 1e9: must be <= 10000/ },
    { name: 'cifar-preview --count 1024 --scale 32', cli: C, argv: ['--count', '1024', '--scale', '32', '--data', s.data], line: /over the limit of 40,000,000; lower --count or --scale/ },
    { name: 'cifar-preview --count 2000', cli: C, argv: ['--count', '2000', '--data', s.data], line: /--count 2000: at most 1024/ },
    { name: 'train-and-export --batch-size 1e9', cli: T, argv: [out, ...data, '--batch-size', '1e9'], line: /--batch-size 1e9: must be <= 8192/ },
    // 6. images
    { name: 'predict a 118-byte SVG named .jpg', cli: R, argv: [s.model, s.svgAsJpeg], line: /drawing\.jpg: not a readable image \(unsupported image format: an SVG/ },
    { name: 'predict a 13000x13000 PNG bomb', cli: R, argv: [s.model, s.bomb], line: /bomb\.png: decoding this 13000x13000 image needs about \d+ MiB, over the budget/ },
    { name: 'verify-parity on an SVG and a bomb', cli: P, argv: [s.model, s.svgAsJpeg, s.bomb, '--runtimes', 'engine-cpu'], line: /none of the images could be read/ },
    // 10. inspect-onnx
    { name: 'inspect-onnx: no graph', cli: I, argv: [f.noGraph], code: 1 },
    { name: 'inspect-onnx: dangling input', cli: I, argv: [f.dangling], code: 1 },
    { name: 'inspect-onnx: lying dims', cli: I, argv: [f.lyingDims], code: 1 },
    { name: 'inspect-onnx: external data escaping its folder', cli: I, argv: [f.escaping], code: 1, line: /leaves the model's folder/ },
    { name: 'inspect-onnx: empty file', cli: I, argv: [f.empty] },
    { name: 'inspect-onnx: a text file', cli: I, argv: [s.aFile], line: /not a valid ONNX/ },
    { name: 'inspect-onnx: /proc/x', cli: I, argv: ['/proc/x.onnx'], line: /cannot read/ },
    { name: 'predict with a text file as the model', cli: R, argv: [s.aFile, s.image], line: /a-file\.txt/ },
    { name: 'predict --top 0', cli: R, argv: [s.model, s.image, '--top', '0'], line: /--top 0: must be >= 1/ },
    { name: 'verify-parity --report x.txt', cli: P, argv: ['--report', 'x.txt'], line: /--report x\.txt: the file must end in \.md or \.html/ },
    { name: 'verify-parity --report under /sys', cli: P, argv: ['--report', '/sys/kernel/r.md', '--runtimes', 'engine-cpu'], line: /\/sys\/kernel: cannot write --report here/ },
    { name: 'verify-parity --runtimes bogus', cli: P, argv: ['--runtimes', 'bogus'], line: /bogus/ },
    { name: 'verify-parity --reference-outputs a text file', cli: P, argv: [s.model, '--reference-outputs', s.aFile, '--runtimes', 'engine-cpu'], line: /a-file\.txt/ },
  ];
}

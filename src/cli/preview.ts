/**
 * `cifar-preview`: a PNG contact sheet of labelled samples, to look at the data before
 * training on it (the seed's `imshow`). Thin: flags in, library calls, one line out.
 */
import { writeFileAtomic } from '../util/atomic-file.js';
import { ToolError } from '../util/errors.js';
import { Random } from '../graph/random.js';
import { checkSheetOptions, checkSheetSize, renderContactSheet } from '../train/preview/contact-sheet.js';
import { probeWritable } from '../util/ensure-dir.js';
import { dirname } from 'node:path';
import { DATA_FLAGS, DATA_FLAGS_HELP, intFlag, loadOptionsFromFlags, subsetOptionsFromFlags } from './data-flags.js';
import { loadDataset } from '../train/data/load-dataset.js';
import { prepareSubsets } from '../train/data/subset.js';
import { parseCommandLine } from './args.js';

export const HELP = `Usage: cifar-preview [--out preview.png] [options]

Writes a PNG contact sheet of labelled samples (each image enlarged, its class below).
  --out FILE             output PNG                                      [preview.png]
  --count N              how many images, at most 1024                   [64]
  --split NAME           train | test                                    [train]
  --scale N              enlargement, nearest-neighbour, 1 to 32         [4]
  --columns N            images per row                                  [8]
  --verbose              stack traces on errors
${DATA_FLAGS_HELP}`;

const MAX_COUNT = 1024;

const OPTIONS = {
  ...DATA_FLAGS,
  out: { type: 'string', default: 'preview.png' },
  count: { type: 'string', default: '64' },
  split: { type: 'string', default: 'train' },
  scale: { type: 'string', default: '4' },
  columns: { type: 'string', default: '8' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface PreviewIo {
  /** The result line (stdout). */
  out: (line: string) => void;
  /** Progress and warnings (stderr). */
  log: (line: string) => void;
}

const consoleIo: PreviewIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  log: (line) => process.stderr.write(`${line}\n`),
};

/** Runs the command on `argv` (arguments after the program name); returns the exit code. */
export async function main(argv: string[], io: PreviewIo = consoleIo): Promise<number> {
  const { values: flags, positionals } = parseCommandLine('cifar-preview', argv, OPTIONS);
  if (flags.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 0) throw new ToolError(`unexpected argument "${positionals[0]}" (see cifar-preview --help)`);
  if (!flags.out.toLowerCase().endsWith('.png')) throw new ToolError(`--out ${flags.out}: the contact sheet is a PNG; name it *.png`);
  if (flags.split !== 'train' && flags.split !== 'test') throw new ToolError(`--split ${flags.split}: expected "train" or "test"`);
  const count = intFlag('count', flags.count);
  if (count > MAX_COUNT) throw new ToolError(`--count ${count}: at most ${MAX_COUNT} images fit on one sheet`);
  const sheet = checkSheetOptions({ scale: intFlag('scale', flags.scale), columns: intFlag('columns', flags.columns) });
  // The largest sheet these flags can ask for, checked before the data is loaded.
  checkSheetSize(count, sheet);
  const subsetOptions = subsetOptionsFromFlags(flags);
  probeWritable(dirname(flags.out), 'the contact sheet');

  const loaded = await loadDataset(loadOptionsFromFlags(flags, io.log));
  const { dataset } = prepareSubsets(loaded, subsetOptions);
  const split = dataset[flags.split];
  // A seeded sample across classes; with --no-shuffle the first files, in order.
  const order = Array.from({ length: split.count }, (_, i) => i);
  if (subsetOptions.shuffle) new Random(subsetOptions.seed ?? 0).shuffle(order);
  const shown = order.slice(0, Math.min(count, split.count));
  writeFileAtomic(flags.out, await renderContactSheet(split, dataset.classNames, shown, sheet));
  io.out(`wrote ${flags.out}: ${shown.length} ${flags.split} images from ${dataset.source}`);
  return 0;
}

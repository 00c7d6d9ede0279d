/**
 * `preview`: a PNG contact sheet of labelled samples, to look at the data before
 * training on it (the seed's `imshow`). Thin: flags in, library calls, one line out.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../util/atomic-file.js';
import { ToolError } from '../util/errors.js';
import { Random } from '../graph/random.js';
import { checkSheetOptions, renderContactSheet } from '../train/data/contact-sheet.js';
import { DATA_FLAGS, DATA_FLAGS_HELP, intFlag, loadOptionsFromFlags, subsetOptionsFromFlags } from '../train/data/data-flags.js';
import { loadDataset } from '../train/data/load-dataset.js';
import { prepareSubsets } from '../train/data/subset.js';

export const PREVIEW_HELP = `Usage: preview [--out preview.png] [--count 64] [--split train|test] [data flags]
Writes a PNG contact sheet of labelled samples.
  --out FILE             output PNG (default preview.png)
  --count N              how many images (default 64, at most 1024)
  --split NAME           train (default) or test
  --scale N              enlargement, nearest-neighbour (default 4)
  --columns N            images per row (default 8)
  --verbose              show stack traces on errors
${DATA_FLAGS_HELP}`;

const MAX_COUNT = 1024;

export async function runPreview(argv: string[], log: (line: string) => void = (l) => console.error(l)): Promise<string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...DATA_FLAGS,
        out: { type: 'string', default: 'preview.png' },
        count: { type: 'string', default: '64' },
        split: { type: 'string', default: 'train' },
        scale: { type: 'string', default: '4' },
        columns: { type: 'string', default: '8' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new ToolError(`preview: ${err instanceof Error ? err.message : String(err)} (see --help)`);
  }
  const flags = parsed.values;
  if (flags.help) {
    console.log(PREVIEW_HELP);
    return '';
  }
  if (!flags.out.toLowerCase().endsWith('.png')) throw new ToolError(`--out ${flags.out}: the contact sheet is a PNG; name it *.png`);
  if (flags.split !== 'train' && flags.split !== 'test') throw new ToolError(`--split ${flags.split}: expected "train" or "test"`);
  const count = intFlag('count', flags.count);
  if (count > MAX_COUNT) throw new ToolError(`--count ${count}: at most ${MAX_COUNT} images fit on one sheet`);
  const sheet = checkSheetOptions({ scale: intFlag('scale', flags.scale), columns: intFlag('columns', flags.columns) });
  const subsetOptions = subsetOptionsFromFlags(flags);

  const loaded = await loadDataset(loadOptionsFromFlags(flags, log));
  const { dataset } = prepareSubsets(loaded, subsetOptions);
  const split = dataset[flags.split];
  const shown = Math.min(count, split.count);
  // Without --no-shuffle, a seeded sample across classes; otherwise the first files.
  const order = Array.from({ length: split.count }, (_, i) => i);
  if (subsetOptions.shuffle) new Random(subsetOptions.seed ?? 0).shuffle(order);
  const png = await renderContactSheet(split, dataset.classNames, order.slice(0, shown), sheet);
  writeFileAtomic(flags.out, png);
  return `wrote ${flags.out}: ${shown} ${flags.split} images from ${dataset.source}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  try {
    const message = await runPreview(argv);
    if (message) console.log(message);
  } catch (err) {
    if (err instanceof ToolError && !argv.includes('--verbose')) {
      console.error(`error: ${err.message}`);
      process.exitCode = err.exitCode;
    } else {
      console.error(err);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

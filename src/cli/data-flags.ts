/**
 * The data flags every command shares (preview, train, …), as `node:util` parseArgs
 * options, and their translation into loader and subset options with one-line errors.
 */
import { ToolError } from '../util/errors.js';
import type { BadImagePolicy } from '../train/data/image-folder.js';
import type { LoadOptions } from '../train/data/load-dataset.js';
import { OFFICIAL_RELEASE } from '../train/data/official-release.js';
import { progressBar } from '../util/progress-bar.js';
import type { SubsetOptions } from '../train/data/subset.js';

export const DATA_FLAGS = {
  data: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'on-bad-image': { type: 'string' },
  limit: { type: 'string' },
  'per-class': { type: 'string' },
  validation: { type: 'string' },
  'test-limit': { type: 'string' },
  'no-shuffle': { type: 'boolean' },
  seed: { type: 'string' },
} as const;

export const DATA_FLAGS_HELP = `Data:
  --data PATH            cifar-10-batches-bin/, cifar-10-binary.tar.gz, or an image folder
                         (train/<class>/, test/<class>/) or its .tar/.tar.gz
                         (default: $CIFAR10_DATA, then the user cache, then download)
  --cache-dir DIR        downloads and decoded caches (default: $LENET_CACHE_DIR or ~/.cache/lenet-portable)
  --no-cache             decode without reading or writing the decoded cache
  --on-bad-image MODE    fail (default) or skip files that are not readable images
  --limit N              keep N training images (after a seeded shuffle)
  --per-class N          keep N training images of each class
  --validation X         hold out X training images (or a fraction < 1) for validation
  --test-limit N         keep N test images
  --no-shuffle           take the first images in file order instead of a seeded shuffle
  --seed N               seed for the shuffle (default 0)`;

export interface DataFlagValues {
  data?: string | undefined;
  'cache-dir'?: string | undefined;
  'no-cache'?: boolean | undefined;
  'on-bad-image'?: string | undefined;
  limit?: string | undefined;
  'per-class'?: string | undefined;
  validation?: string | undefined;
  'test-limit'?: string | undefined;
  'no-shuffle'?: boolean | undefined;
  seed?: string | undefined;
}

/** A whole number from a flag, or a one-line error naming the flag. */
export function intFlag(flag: string, text: string, min = 1): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new ToolError(`--${flag} ${text}: expected a whole number >= ${min}`);
  }
  return value;
}

function positiveNumberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new ToolError(`--${flag} ${text}: expected a number > 0`);
  return value;
}

function policyFlag(text: string): BadImagePolicy {
  if (text === 'fail' || text === 'skip') return text;
  throw new ToolError(`--on-bad-image ${text}: expected "fail" or "skip"`);
}

/** Loader options for a command; a download, if one is needed, draws a progress bar on stderr. */
export function loadOptionsFromFlags(values: DataFlagValues, log?: (line: string) => void): LoadOptions {
  const options: LoadOptions = { download: { onProgress: progressBar(OFFICIAL_RELEASE.archiveName) } };
  if (values.data !== undefined) options.data = values.data;
  if (values['cache-dir'] !== undefined) options.cacheDir = values['cache-dir'];
  if (values['no-cache']) options.useCache = false;
  if (values['on-bad-image'] !== undefined) options.onBadImage = policyFlag(values['on-bad-image']);
  if (log) options.log = log;
  return options;
}

export function subsetOptionsFromFlags(values: DataFlagValues): SubsetOptions {
  const options: SubsetOptions = { shuffle: !values['no-shuffle'], seed: 0 };
  if (values.seed !== undefined) options.seed = intFlag('seed', values.seed, 0);
  if (values.limit !== undefined) options.limit = intFlag('limit', values.limit);
  if (values['per-class'] !== undefined) options.perClass = intFlag('per-class', values['per-class']);
  if (values.validation !== undefined) options.validation = positiveNumberFlag('validation', values.validation);
  if (values['test-limit'] !== undefined) options.testLimit = intFlag('test-limit', values['test-limit']);
  return options;
}

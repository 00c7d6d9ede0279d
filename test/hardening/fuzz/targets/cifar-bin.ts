/**
 * The CIFAR-10 binary release: a batch file made by our encoder, read as one member of
 * an in-memory release tree (the path `cifar-10-binary.tar.gz` takes), and the class
 * names file. Lies: label bytes past the class count, record counts that do not divide.
 */
import { CIFAR10_CLASSES } from '../../../../src/graph/model-spec.js';
import { encodeBinaryBatch, RECORD_BYTES } from '../../../../src/train/data/cifar-binary.js';
import type { Dataset } from '../../../../src/train/data/dataset.js';
import type { FileTree } from '../../../../src/util/archive/file-tree.js';
import { loadReleaseTree, OFFICIAL_RELEASE } from '../../../../src/train/data/official-release.js';
import { syntheticDataset } from '../../../helpers/synthetic-data.js';
import { concat, GENERIC_MUTATORS } from '../generic-mutators.js';
import type { Mutator } from '../mutator.js';
import type { FuzzTarget, Seed } from '../target.js';
import { attempt } from '../verdict.js';

const ARCHIVE = 'fuzz-release.tar.gz';
const META_SEED = OFFICIAL_RELEASE.metaFile;
const FUZZED_BATCH = OFFICIAL_RELEASE.testFile;
const { train } = syntheticDataset(4, 0);
const GOOD_BATCH = encodeBinaryBatch(train);

const labelLie: Mutator = {
  name: 'label-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const out = input.slice();
    const records = Math.floor(out.length / RECORD_BYTES);
    if (records > 0) out[rng.int(records) * RECORD_BYTES] = 10 + rng.int(246);
    return out;
  },
};

const recordCountLie: Mutator = {
  name: 'record-count-lie',
  liesAboutLength: true,
  apply(input, rng) {
    const records = Math.floor(input.length / RECORD_BYTES);
    const cut = rng.int(records + 1) * RECORD_BYTES + (rng.next() < 0.5 ? 1 : -1) * (1 + rng.int(RECORD_BYTES - 1));
    return cut <= input.length ? input.slice(0, Math.max(0, cut)) : concat([input, new Uint8Array(cut - input.length)]);
  },
};

/** The release as an archive tree: the fuzzed file in its place, the other files valid. */
function releaseTree(fuzzed: Seed, bytes: Uint8Array): FileTree {
  const contents = new Map<string, Uint8Array>([...OFFICIAL_RELEASE.trainFiles, FUZZED_BATCH].map((name) => [name, GOOD_BATCH]));
  contents.set(OFFICIAL_RELEASE.metaFile, Buffer.from(`${CIFAR10_CLASSES.join('\n')}\n`));
  contents.set(fuzzed.name === META_SEED ? META_SEED : FUZZED_BATCH, bytes);
  const files = [...contents].map(([name, data]) => ({
    segments: [OFFICIAL_RELEASE.folderName, name],
    displayName: `${ARCHIVE}:${OFFICIAL_RELEASE.folderName}/${name}`,
    read: async () => data,
  }));
  return { root: ARCHIVE, files, folders: [[OFFICIAL_RELEASE.folderName]] };
}

function consistent(d: Dataset): string | null {
  for (const [name, split] of [['train', d.train], ['test', d.test]] as const) {
    if (split.images.length !== split.count * RECORD_BYTES - split.count || split.labels.length !== split.count) return `${name} split sizes disagree`;
    if (split.labels.some((l) => l >= d.classNames.length)) return `${name} label beyond ${d.classNames.length} classes`;
  }
  return null;
}

export const cifarBinTarget: FuzzTarget = {
  reader: 'cifar-bin',
  names: [ARCHIVE],
  mutators: [...GENERIC_MUTATORS, labelLie, recordCountLie],

  async buildCorpus() {
    return [
      { name: FUZZED_BATCH, bytes: GOOD_BATCH },
      { name: META_SEED, bytes: new Uint8Array(Buffer.from(`${CIFAR10_CLASSES.join('\n')}\n`)) },
    ];
  },

  async read(bytes, seed) {
    return attempt([ARCHIVE], () => loadReleaseTree(releaseTree(seed, bytes)), consistent);
  },
};

/**
 * The official CIFAR-10 binary release: its address and checksum, reading it from an
 * extracted `cifar-10-batches-bin/` folder or straight out of the tar.gz, and fetching
 * it into the cache directory the way torchvision's `download=True` does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CIFAR10_CLASSES } from '../../graph/model-spec.js';
import { ToolError } from '../../util/errors.js';
import { DATA_ENV } from './cache-dir.js';
import type { Dataset, ImageSplit } from './dataset.js';
import { concatSplits, parseBatchesMeta, parseBinaryBatch } from './cifar-binary.js';
import { downloadVerified, type DownloadOptions } from '../../util/download.js';
import { extractTar } from '../../util/archive/tar-extract.js';
import type { FileTree } from '../../util/archive/file-tree.js';

export const OFFICIAL_RELEASE = {
  url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
  archiveName: 'cifar-10-binary.tar.gz',
  size: 170_052_171,
  md5: 'c32a1d4ab5d03f1284b67883e8d87530',
  folderName: 'cifar-10-batches-bin',
  trainFiles: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  testFile: 'test_batch.bin',
  metaFile: 'batches.meta.txt',
} as const;

/** Where the release is fetched from; tests point it at a local server. */
export interface ReleaseRemote {
  url: string;
  md5: string;
  size?: number;
}

const BATCH_FILES: readonly string[] = [...OFFICIAL_RELEASE.trainFiles, OFFICIAL_RELEASE.testFile];

/** True when `dir` holds every batch file of the release. */
export function isBinaryFolder(dir: string): boolean {
  return BATCH_FILES.every((name) => existsSync(join(dir, name)));
}

/** Builds the dataset from named batch files, given a way to read each. */
function datasetFromFiles(files: Map<string, Uint8Array>, where: string, source: string): Dataset {
  const missing = BATCH_FILES.filter((name) => !files.has(name));
  if (missing.length > 0) throw new ToolError(`${where}: missing ${missing.join(', ')} of the CIFAR-10 binary release`);
  const meta = files.get(OFFICIAL_RELEASE.metaFile);
  const classNames = meta
    ? parseBatchesMeta(Buffer.from(meta).toString('utf8'), join(where, OFFICIAL_RELEASE.metaFile))
    : [...CIFAR10_CLASSES];
  const batch = (name: string): ImageSplit => parseBinaryBatch(files.get(name)!, join(where, name), classNames.length);
  return {
    classNames,
    train: concatSplits(OFFICIAL_RELEASE.trainFiles.map(batch)),
    test: batch(OFFICIAL_RELEASE.testFile),
    source,
  };
}

/** Reads an extracted `cifar-10-batches-bin/` folder. */
export function loadBinaryFolder(dir: string): Dataset {
  const files = new Map<string, Uint8Array>();
  for (const name of [...BATCH_FILES, OFFICIAL_RELEASE.metaFile]) {
    const path = join(dir, name);
    if (existsSync(path)) files.set(name, readFileSync(path));
  }
  return datasetFromFiles(files, dir, `binary folder ${dir}`);
}

/** The file name when a path is one of the release's files inside its folder, else null. */
function releaseFileName(segments: string[]): string | null {
  const name = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  if (name === undefined || parent !== OFFICIAL_RELEASE.folderName) return null;
  return name;
}

/** True when an archive's tree holds the release's batch files. */
export function isReleaseTree(tree: FileTree): boolean {
  return tree.files.some((file) => releaseFileName(file.segments) === OFFICIAL_RELEASE.trainFiles[0]);
}

/** Reads the batches from an archive's tree (cifar-10-binary.tar.gz; nothing is written). */
export async function loadReleaseTree(tree: FileTree): Promise<Dataset> {
  const files = new Map<string, Uint8Array>();
  for (const file of tree.files) {
    const name = releaseFileName(file.segments);
    if (name) files.set(name, await file.read());
  }
  return datasetFromFiles(files, `${tree.root}:${OFFICIAL_RELEASE.folderName}`, `binary archive ${tree.root}`);
}

/**
 * The release in `cacheDir`: the extracted folder if it is there, else the archive is
 * extracted, else downloaded first. Returns the folder holding the batches.
 */
export async function ensureOfficialRelease(
  cacheDir: string,
  options: DownloadOptions & { remote?: ReleaseRemote } = {},
): Promise<string> {
  const folder = join(cacheDir, OFFICIAL_RELEASE.folderName);
  if (isBinaryFolder(folder)) return folder;
  const archive = join(cacheDir, OFFICIAL_RELEASE.archiveName);
  if (!existsSync(archive)) {
    const remote = options.remote ?? OFFICIAL_RELEASE;
    options.log?.(`downloading ${remote.url} to ${archive}`);
    try {
      await downloadVerified({ ...remote, dest: archive }, options);
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      throw new ToolError(`${err.message}; to use data you already have, pass --data PATH or set $${DATA_ENV}`);
    }
  }
  // A folder left incomplete by hand is not ours to delete; say so instead.
  if (existsSync(folder)) throw new ToolError(`${folder}: incomplete CIFAR-10 folder; delete it to extract again`);
  await extractTar(archive, folder, (segments) => {
    const name = releaseFileName(segments);
    return name ? [name] : null;
  });
  return folder;
}

/**
 * Which data to read. `--data` may name an extracted `cifar-10-batches-bin/` folder (or
 * its parent), `cifar-10-binary.tar.gz` (or a folder holding it), an ImageFolder
 * directory (`train/<class>/`, `test/<class>/`, possibly one level down), or a
 * `.tar`/`.tar.gz` of one. Without `--data`: `$CIFAR10_DATA`, then the release already in
 * the user cache directory, then the official download.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ToolError } from '../../util/errors.js';
import { DATA_ENV } from './cache-dir.js';
import { isBinaryFolder, OFFICIAL_RELEASE } from './official-release.js';

export type DataSource =
  | { kind: 'binary-folder'; path: string }
  | { kind: 'archive'; path: string }
  | { kind: 'image-folder'; path: string }
  | { kind: 'download' };

const ARCHIVE_SUFFIXES = ['.tar.gz', '.tgz', '.tar'];

function isImageFolderRoot(dir: string): boolean {
  const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
  return isDir(join(dir, 'train')) && isDir(join(dir, 'test'));
}

/** What the path given by the user (`label` names where it came from) holds. */
export function describeDataPath(path: string, label: string): DataSource {
  const full = resolve(path);
  if (!existsSync(full)) throw new ToolError(`${label} ${path}: no such file or folder`);
  if (statSync(full).isFile()) {
    if (ARCHIVE_SUFFIXES.some((s) => full.toLowerCase().endsWith(s))) return { kind: 'archive', path: full };
    throw new ToolError(`${label} ${path}: not a folder or a .tar/.tar.gz/.tgz archive`);
  }
  if (isBinaryFolder(full)) return { kind: 'binary-folder', path: full };
  const inner = join(full, OFFICIAL_RELEASE.folderName);
  if (isBinaryFolder(inner)) return { kind: 'binary-folder', path: inner };
  const archive = join(full, OFFICIAL_RELEASE.archiveName);
  if (existsSync(archive)) return { kind: 'archive', path: archive };
  if (isImageFolderRoot(full)) return { kind: 'image-folder', path: full };
  const subfolders = readdirSync(full, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
  if (subfolders.length === 1 && isImageFolderRoot(join(full, subfolders[0]!.name))) {
    return { kind: 'image-folder', path: join(full, subfolders[0]!.name) };
  }
  throw new ToolError(
    `${label} ${path}: no CIFAR-10 data here (expected ${OFFICIAL_RELEASE.folderName}/, ${OFFICIAL_RELEASE.archiveName}, or train/<class>/ and test/<class>/ folders)`,
  );
}

/** Applies the resolution order; `cacheDir` is where a downloaded release lives. */
export function resolveDataSource(data: string | undefined, cacheDir: string, env: NodeJS.ProcessEnv = process.env): DataSource {
  if (data !== undefined && data !== '') return describeDataPath(data, '--data');
  const fromEnv = env[DATA_ENV];
  if (fromEnv) return describeDataPath(fromEnv, `$${DATA_ENV}`);
  const cached = join(cacheDir, OFFICIAL_RELEASE.folderName);
  if (isBinaryFolder(cached)) return { kind: 'binary-folder', path: cached };
  return { kind: 'download' };
}

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
import { fsError } from '../../util/fs-errors.js';
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

/**
 * What the path given by the user (`label` names where it came from) holds. The
 * returned path is built on the user's own spelling, so messages and the data line name
 * the path they typed (resolve() it where an absolute path is needed).
 */
export function describeDataPath(path: string, label: string): DataSource {
  const full = resolve(path);
  let stat;
  try {
    stat = statSync(full, { throwIfNoEntry: false });
  } catch (error) {
    throw fsError(path, error, `use it as ${label}`);
  }
  if (!stat) throw new ToolError(`${label} ${path}: no such file or folder`);
  if (stat.isFile()) {
    if (ARCHIVE_SUFFIXES.some((s) => full.toLowerCase().endsWith(s))) return { kind: 'archive', path };
    throw new ToolError(`${label} ${path}: not a folder or a .tar/.tar.gz/.tgz archive`);
  }
  if (!stat.isDirectory()) throw new ToolError(`${label} ${path}: not a folder or a .tar/.tar.gz/.tgz archive`);
  if (isBinaryFolder(full)) return { kind: 'binary-folder', path };
  const inner = OFFICIAL_RELEASE.folderName;
  if (isBinaryFolder(join(full, inner))) return { kind: 'binary-folder', path: join(path, inner) };
  const archive = OFFICIAL_RELEASE.archiveName;
  if (existsSync(join(full, archive))) return { kind: 'archive', path: join(path, archive) };
  if (isImageFolderRoot(full)) return { kind: 'image-folder', path };
  let subfolders;
  try {
    subfolders = readdirSync(full, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
  } catch (error) {
    throw fsError(path, error, `list it as ${label}`);
  }
  if (subfolders.length === 1 && isImageFolderRoot(join(full, subfolders[0]!.name))) {
    return { kind: 'image-folder', path: join(path, subfolders[0]!.name) };
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

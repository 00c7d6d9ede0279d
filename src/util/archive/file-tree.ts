/**
 * A folder or an archive seen the same way: a list of files (path segments relative to
 * the root, a display name, a way to read the bytes) plus the folders seen, so the
 * image-folder and binary-release readers do not care where the bytes come from.
 */
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../errors.js';
import { readTarFile } from './tar-reader.js';
import { checkEntry } from './tar-paths.js';

export interface TreeFile {
  segments: string[];
  /** Where the file is, for messages: a path, or `archive.tar.gz:inner/path`. */
  displayName: string;
  read(): Promise<Uint8Array>;
}

export interface FileTree {
  root: string;
  files: TreeFile[];
  /** Every folder seen (path segments), including those with no files. */
  folders: string[][];
}

/** Reads every entry of a tar/tar.gz into memory (names checked; links refused). */
export async function treeFromArchive(archivePath: string): Promise<FileTree> {
  const files: TreeFile[] = [];
  const folders: string[][] = [];
  for await (const entry of readTarFile(archivePath)) {
    const segments = checkEntry(entry, archivePath);
    if (segments.length === 0) continue;
    if (entry.type === 'directory') folders.push(segments);
    if (entry.type !== 'file') continue;
    const data = entry.data;
    files.push({ segments, displayName: `${archivePath}:${segments.join('/')}`, read: async () => data });
    folders.push(segments.slice(0, -1));
  }
  return { root: archivePath, files, folders };
}

async function readNamed(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new ToolError(`${path}: cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/** Walks a folder (symlinked folders are not followed, so a link loop cannot trap it). */
export function treeFromDirectory(dir: string): FileTree {
  const files: TreeFile[] = [];
  const folders: string[][] = [];
  const walk = (segments: string[]): void => {
    folders.push(segments);
    for (const item of readdirSync(join(dir, ...segments), { withFileTypes: true })) {
      const child = [...segments, item.name];
      const path = join(dir, ...child);
      if (item.isDirectory()) walk(child);
      // A link counts when it leads to a file; links to folders are not followed.
      else if (item.isFile() || (item.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile())) {
        files.push({ segments: child, displayName: path, read: () => readNamed(path) });
      }
    }
  };
  walk([]);
  return { root: dir, files, folders };
}


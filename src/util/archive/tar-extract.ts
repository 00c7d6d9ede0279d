/**
 * Safe extraction: every entry name is checked (tar-paths.ts) before anything is
 * written, files land in a hidden staging folder, and the folder is renamed to its final
 * name only once every file is complete, so a half-extracted folder never looks done.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { ensureDir } from '../ensure-dir.js';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../atomic-file.js';
import { ToolError } from '../errors.js';
import { readTarFile } from './tar-reader.js';
import { checkEntry } from './tar-paths.js';

/**
 * Maps an entry's checked path segments to its path below the destination, or null to
 * skip the entry.
 */
export type EntrySelector = (segments: string[]) => string[] | null;

/** Extracts the selected files of `archivePath` into `destDir` (which must not exist yet). */
export async function extractTar(archivePath: string, destDir: string, select: EntrySelector): Promise<number> {
  if (existsSync(destDir)) throw new ToolError(`${destDir}: already exists; not extracting over it`);
  ensureDir(dirname(destDir));
  const staging = join(dirname(destDir), `.${basename(destDir)}.${randomBytes(4).toString('hex')}.partial`);
  let files = 0;
  try {
    for await (const entry of readTarFile(archivePath)) {
      const segments = checkEntry(entry, archivePath);
      if (entry.type !== 'file') continue;
      const relative = select(segments);
      if (!relative || relative.length === 0) continue;
      writeFileAtomic(join(staging, ...relative), entry.data);
      files++;
    }
    if (files === 0) throw new ToolError(`${archivePath}: none of the expected files are in this archive`);
    renameSync(staging, destDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return files;
}

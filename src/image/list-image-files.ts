/**
 * Expand the paths a user typed into the image files to process.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ToolError } from '../util/errors.js';

/** File extensions (lower case) treated as images when searching directories. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp', '.avif',
]);

export function hasImageExtension(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/**
 * Image files under `dir`, recursively. Hidden entries are skipped: they are mostly
 * macOS `._photo.jpg` resource forks, which carry an image extension but no image.
 * Symbolic links to files are followed; links to directories are not (no cycles).
 */
async function imagesUnder(dir: string, found: string[]): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await imagesUnder(path, found);
    else if (hasImageExtension(path) && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(path))))) found.push(path);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // a dangling link
  }
}

/**
 * Files named directly are kept whatever their extension (the decoder then says
 * plainly if one is not an image); directories contribute their image files. The
 * result is de-duplicated and sorted by path (code-unit order, independent of locale).
 * A path that does not exist is a ToolError naming it.
 */
export async function listImageFiles(pathsOrDirs: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of pathsOrDirs) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ToolError(code === 'ENOENT' ? `${path}: no such file or directory` : `${path}: cannot access (${code})`);
    }
    if (isDirectory) await imagesUnder(path, found);
    else found.push(path);
  }
  return [...new Set(found)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

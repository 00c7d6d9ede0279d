/**
 * The one rule for names inside an archive: relative, no `..`, no links. Anything else
 * could write (or read) outside the folder it is meant for, so it is refused outright
 * rather than "fixed up" the way some tar tools strip leading slashes.
 */
import { ToolError } from '../errors.js';
import type { TarEntry } from './tar-reader.js';

/** The entry's path split into clean segments; throws on absolute or escaping names. */
export function safeEntrySegments(entryPath: string, archiveName: string): string[] {
  if (entryPath.includes('\0')) {
    throw new ToolError(`${archiveName}: entry "${entryPath}" has a NUL byte in its name; refusing to use this archive`);
  }
  const normalized = entryPath.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) {
    throw new ToolError(`${archiveName}: entry "${entryPath}" has an absolute path; refusing to use this archive`);
  }
  const segments = normalized.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) {
    throw new ToolError(`${archiveName}: entry "${entryPath}" climbs out with ".."; refusing to use this archive`);
  }
  return segments;
}

/** Checks an entry's name and kind; links are refused because they could point anywhere. */
export function checkEntry(entry: TarEntry, archiveName: string): string[] {
  const segments = safeEntrySegments(entry.path, archiveName);
  if (entry.type === 'symlink' || entry.type === 'hardlink') {
    throw new ToolError(
      `${archiveName}: entry "${entry.path}" is a link (to "${entry.linkTarget}"); archives with links are refused`,
    );
  }
  return segments;
}

/**
 * What the user hands the lab, as files in memory with their relative paths: a drop
 * (files, folders walked through webkitGetAsEntry, zips expanded) or a file picker
 * (several files, or a whole folder with webkitdirectory). Paths keep the dropped
 * folder's name as their first part, as a zip of that folder would.
 */
import type { InMemoryFile } from '../../../src/export/test-case-files.js';
import { unzipFiles } from './zip-files.js';

async function fileBytes(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/** A File, or every file inside a zip. */
async function expand(file: File, path: string): Promise<InMemoryFile[]> {
  const data = await fileBytes(file);
  return path.toLowerCase().endsWith('.zip') ? unzipFiles(data, path) : [{ path, data }];
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries hands out batches (100 in Chromium) until it returns an empty one.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<InMemoryFile[]> {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return expand(file, path);
  }
  if (!entry.isDirectory) return [];
  const children = await readAllEntries((entry as FileSystemDirectoryEntry).createReader());
  return (await Promise.all(children.map((child) => walk(child, `${path}/`)))).flat();
}

/** Everything dropped: folders walked, zips expanded. */
export async function droppedFiles(transfer: DataTransfer): Promise<InMemoryFile[]> {
  // Entries must be taken synchronously, before the first await: the drop's data store closes after the event.
  const items = [...transfer.items].filter((item) => item.kind === 'file');
  const entries = items.map((item) => item.webkitGetAsEntry?.() ?? null);
  const files = items.map((item) => item.getAsFile());
  const out = await Promise.all(
    items.map((_, i) => {
      const entry = entries[i];
      if (entry) return walk(entry, '');
      const file = files[i];
      return file ? expand(file, file.name) : Promise.resolve([]);
    }),
  );
  return out.flat();
}

/** A file picker's choice: several files, or a folder (webkitRelativePath keeps the folder's name). */
export async function pickedFiles(list: FileList): Promise<InMemoryFile[]> {
  const out = await Promise.all([...list].map((file) => expand(file, file.webkitRelativePath || file.name)));
  return out.flat();
}

/** How the status line names what was given: the top folder, or the single file. */
export function describeGiven(files: readonly InMemoryFile[]): string {
  const tops = new Set(files.map((f) => f.path.split('/')[0]!));
  if (tops.size === 1) return [...tops][0]!;
  return `${files.length} files`;
}

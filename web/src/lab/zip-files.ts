/**
 * Zip archives in the page, with fflate (a maintained zip implementation from npm):
 * a dropped .zip becomes its files, and a test case for a bug report becomes a .zip.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { InMemoryFile } from '../../../src/export/test-case-files.js';

/** Folders and macOS's resource-fork shadows carry no files of the model. */
const skipped = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/') || name.split('/').pop()!.startsWith('._');

export function unzipFiles(bytes: Uint8Array, zipName: string): InMemoryFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => !skipped(file.name) });
  } catch (error) {
    throw new Error(`${zipName}: not a readable zip archive (${error instanceof Error ? error.message : String(error)})`);
  }
  return Object.entries(entries).map(([path, data]) => ({ path, data }));
}

/** Files under one folder named `folder` in the archive; already-compressed weights are stored, not deflated again. */
export function zipFiles(files: readonly InMemoryFile[], folder: string): Uint8Array {
  const tree: Zippable = {};
  for (const f of files) tree[`${folder}/${f.path}`] = [f.data, { level: f.path.endsWith('.pb') || f.path.endsWith('.onnx') ? 6 : 0 }];
  return zipSync(tree);
}

/**
 * Decodes an ImageFolder tree (a folder or an archive) into a Dataset. Files that are
 * not images, and images that do not decode, either stop the load with their name
 * (`fail`, the default) or are left out and counted (`skip`).
 */
import { cpus } from 'node:os';
import { IMAGE_BYTES } from '../../image/input-size.js';
import { ToolError } from '../../util/errors.js';
import type { Dataset, ImageSplit } from './dataset.js';
import type { FileTree, TreeFile } from '../../util/archive/file-tree.js';
import { planImageFolder, type LabelledFile } from './image-folder-layout.js';
import { decodeDatasetImage } from '../../image/decode-dataset-image.js';
import { IMAGE_EXTENSIONS } from '../../image/list-image-files.js';

export type BadImagePolicy = 'fail' | 'skip';

export interface ImageFolderOptions {
  onBadImage?: BadImagePolicy;
  log?: (line: string) => void;
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export interface ImageFolderResult {
  dataset: Dataset;
  skipped: SkippedFile[];
}

/** Runs `task` over `count` indices with at most `limit` in flight; stops at the first error. */
async function forEachConcurrent(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    try {
      while (next < count && !failed) await task(next++);
    } catch (err) {
      failed = true;
      throw err;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

// sharp decodes on libuv's thread pool; a few more requests than threads keeps it busy.
/** Computed when used: pages bundle this module (through shared imports) and have no node:os. */
const inFlight = () => Math.max(4, 2 * cpus().length);

async function decodeSplit(
  files: LabelledFile[],
  classNames: string[],
  splitName: string,
  policy: BadImagePolicy,
  skipped: SkippedFile[],
): Promise<ImageSplit> {
  const images = new Uint8Array(files.length * IMAGE_BYTES);
  const decoded = new Uint8Array(files.length);
  await forEachConcurrent(files.length, inFlight(), async (i) => {
    const { file } = files[i]!;
    try {
      images.set(await decodeDatasetImage(await file.read(), file.displayName), i * IMAGE_BYTES);
      decoded[i] = 1;
    } catch (err) {
      // The decoder's ToolErrors are all about the file's content; anything else is ours.
      if (!(err instanceof ToolError) || policy === 'fail') throw err;
      skipped.push({ name: file.displayName, reason: err.message });
    }
  });
  // Close the gaps left by skipped files, keeping the sorted order.
  const keep = files.map((_, i) => i).filter((i) => decoded[i] === 1);
  const labels = Uint8Array.from(keep, (i) => files[i]!.label);
  keep.forEach((from, to) => {
    if (from !== to) images.copyWithin(to * IMAGE_BYTES, from * IMAGE_BYTES, (from + 1) * IMAGE_BYTES);
  });
  const present = new Set(labels);
  const emptied = classNames.find((_, label) => !present.has(label));
  if (emptied !== undefined) throw new ToolError(`${splitName}/${emptied}: no readable images left after skipping unreadable files`);
  const kept = keep.length === files.length ? images : images.slice(0, keep.length * IMAGE_BYTES);
  return { images: kept, labels, count: keep.length };
}

function rejectNotImages(files: TreeFile[], policy: BadImagePolicy, skipped: SkippedFile[]): void {
  if (files.length === 0) return;
  const allowed = [...IMAGE_EXTENSIONS].join(' ');
  if (policy === 'fail') {
    const more = files.length > 1 ? ` (and ${files.length - 1} more)` : '';
    throw new ToolError(
      `${files[0]!.displayName}: not an image file in a class folder${more}; expected one of ${allowed}, or use --on-bad-image skip`,
    );
  }
  for (const file of files) skipped.push({ name: file.displayName, reason: 'not an image file' });
}

export async function loadImageFolderTree(tree: FileTree, options: ImageFolderOptions = {}): Promise<ImageFolderResult> {
  const policy = options.onBadImage ?? 'fail';
  const layout = planImageFolder(tree);
  if (layout.classNames.length > 256) {
    throw new ToolError(`${tree.root}: ${layout.classNames.length} classes; at most 256 fit in a uint8 label`);
  }
  const skipped: SkippedFile[] = [];
  rejectNotImages(layout.notImages, policy, skipped);
  const train = await decodeSplit(layout.train, layout.classNames, 'train', policy, skipped);
  const test = await decodeSplit(layout.test, layout.classNames, 'test', policy, skipped);
  skipped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)); // decoding finishes in any order
  if (skipped.length > 0) {
    options.log?.(`skipped ${skipped.length} unreadable or non-image files (first: ${skipped[0]!.name})`);
  }
  return { dataset: { classNames: layout.classNames, train, test, source: `image folder ${tree.root}` }, skipped };
}

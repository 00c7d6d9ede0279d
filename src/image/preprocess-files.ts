/**
 * Image files → model inputs for predict and verify-parity: a few decodes in flight at
 * once (sharp decodes on libuv's thread pool), results delivered in input order, and a
 * file that cannot be read reported by name while the others go on.
 */
import { describeError } from '../util/errors.js';
import { listImageFiles, preprocessImage, type DecodeOptions, type PreprocessedImage } from './index.js';

/** `error` is one line that starts with the file's name. */
export type PreparedResult<T> = { file: string; image: T; error?: undefined } | { file: string; image?: undefined; error: string };
export type PreprocessResult = PreparedResult<PreprocessedImage>;

/** Error lines always start with the file they are about. */
function namingFile(file: string, message: string): string {
  return message.startsWith(file) ? message : `${file}: ${message}`;
}

/** Decodes in flight at once: enough to keep libuv's 4 pool threads busy. */
const IN_FLIGHT = 4;

/**
 * Calls `visit` once per file, in the order of `files`, with its preprocessed image or
 * the one-line reason it could not be read.
 */
export function forEachPreprocessed(
  files: readonly string[],
  options: DecodeOptions,
  visit: (result: PreprocessResult, index: number) => void | Promise<void>,
): Promise<void> {
  return forEachPrepared(files, (file) => preprocessImage(file, options), visit);
}

/** forEachPreprocessed with any preparation of a file (e.g. another model's recipe). */
export async function forEachPrepared<T>(
  files: readonly string[],
  prepare: (file: string) => Promise<T>,
  visit: (result: PreparedResult<T>, index: number) => void | Promise<void>,
): Promise<void> {
  const settle = (file: string): Promise<PreparedResult<T>> =>
    prepare(file).then(
      (image) => ({ file, image }),
      (error: unknown) => ({ file, error: namingFile(file, describeError(error)) }),
    );
  const pending: Promise<PreparedResult<T>>[] = [];
  let next = 0;
  for (let i = 0; i < files.length; i++) {
    while (next < files.length && next < i + IN_FLIGHT) pending.push(settle(files[next++]!));
    await visit(await pending[i]!, i);
    delete pending[i]; // let the decoded image be collected
  }
}

/**
 * The image files behind what the user typed, in command-line order; a folder
 * contributes its images sorted by path. A path that cannot be listed (a typo) is kept
 * as it is, so decoding reports it by name in its place while every other image runs.
 */
export async function expandImagePaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    let found: string[];
    try {
      found = await listImageFiles([path]);
    } catch {
      found = [path];
    }
    for (const file of found) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push(file);
    }
  }
  return files;
}

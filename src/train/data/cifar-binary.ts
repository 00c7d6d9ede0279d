/**
 * The official CIFAR-10 binary format: each record is 1 label byte then 3,072 pixel
 * bytes (1,024 red, 1,024 green, 1,024 blue, each row-major) — already our NCHW layout.
 */
import { IMAGE_BYTES } from '../../image/input-size.js';
import { ToolError } from '../../util/errors.js';
import type { ImageSplit } from './dataset.js';

export const RECORD_BYTES = 1 + IMAGE_BYTES;

/** Parses one `.bin` batch; labels must be below `classCount`. */
export function parseBinaryBatch(bytes: Uint8Array, fileName: string, classCount = 10): ImageSplit {
  if (bytes.length === 0 || bytes.length % RECORD_BYTES !== 0) {
    throw new ToolError(
      `${fileName}: ${bytes.length} bytes is not a whole number of CIFAR-10 records (${RECORD_BYTES} bytes each); the file is truncated or not a CIFAR-10 batch`,
    );
  }
  const count = bytes.length / RECORD_BYTES;
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const record = i * RECORD_BYTES;
    const label = bytes[record]!;
    if (label >= classCount) {
      throw new ToolError(
        `${fileName}: record ${i} (byte ${record}) has label ${label}; labels must be 0–${classCount - 1}`,
      );
    }
    labels[i] = label;
    images.set(bytes.subarray(record + 1, record + RECORD_BYTES), i * IMAGE_BYTES);
  }
  return { images, labels, count };
}

/** One split made of several in order (the five training batches). */
export function concatSplits(parts: ImageSplit[]): ImageSplit {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const images = new Uint8Array(count * IMAGE_BYTES);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const part of parts) {
    images.set(part.images, at * IMAGE_BYTES);
    labels.set(part.labels, at);
    at += part.count;
  }
  return { images, labels, count };
}

/** `batches.meta.txt`: one class name per line, in label order (blank lines ignored). */
export function parseBatchesMeta(text: string, fileName: string): string[] {
  const names = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (names.length === 0) throw new ToolError(`${fileName}: no class names in this file`);
  if (new Set(names).size !== names.length) throw new ToolError(`${fileName}: class names repeat`);
  return names;
}

/** Bytes of a split in the official format, for writing test batches and exports. */
export function encodeBinaryBatch(split: ImageSplit): Uint8Array {
  const out = new Uint8Array(split.count * RECORD_BYTES);
  for (let i = 0; i < split.count; i++) {
    out[i * RECORD_BYTES] = split.labels[i]!;
    out.set(split.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES), i * RECORD_BYTES + 1);
  }
  return out;
}

/**
 * The PyTorch fixture shared by runtime and CLI tests: the seed LeNet5 exported by
 * torch.onnx (legacy: dynamic batch; dynamo: batch 1 + external data) and PyTorch's
 * logits for the first 64 airplane test images, which are pulled out of the shared
 * archive with the system tar.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cifarArchive, fixturesDir } from '../helpers/paths.js';
import { preprocessImage } from '../../src/image/index.js';
import { IMAGE_VALUES } from '../../src/runtime/run-batches.js';

export const LEGACY_MODEL = join(fixturesDir, 'torch', 'torch-seed-arch-adam-legacy.onnx');
export const DYNAMO_MODEL = join(fixturesDir, 'torch', 'torch-seed-arch-adam-dynamo.onnx');
export const TORCH_LOGITS = join(fixturesDir, 'torch', 'torch-seed-arch-adam-logits64.json');

export interface TorchLogits {
  images: string[];
  logits: number[][];
}

export async function readTorchLogits(): Promise<TorchLogits> {
  return JSON.parse(await readFile(TORCH_LOGITS, 'utf8')) as TorchLogits;
}

/** Extracts the fixture's images into a new temporary folder; returns it and the image paths in fixture order. */
export async function extractTorchImages(): Promise<{ dir: string; files: string[] }> {
  const { images } = await readTorchLogits();
  const dir = await mkdtemp(join(tmpdir(), 'runtime-torch-images-'));
  // --occurrence=1: stop reading the archive once each named member has been found.
  await promisify(execFile)('tar', ['-xzf', cifarArchive, '-C', dir, '--occurrence=1', ...images]);
  return { dir, files: images.map((m) => join(dir, m)) };
}

/** The 64 fixture images preprocessed into one NCHW batch, with PyTorch's logits for them. */
export async function loadTorchBatch(): Promise<{ dir: string; images: Float32Array; torchLogits: Float32Array }> {
  const { dir, files } = await extractTorchImages();
  const images = new Float32Array(files.length * IMAGE_VALUES);
  for (const [i, file] of files.entries()) images.set((await preprocessImage(file)).tensor, i * IMAGE_VALUES);
  const torchLogits = Float32Array.from((await readTorchLogits()).logits.flat());
  return { dir, images, torchLogits };
}

/**
 * The files a CLI fuzz campaign points flags at: a tiny CIFAR-10 release (also as the
 * user cache, so nothing is ever downloaded), the released model, a real photo, an SVG
 * named .jpg, a PNG bomb, a plain file, a checkpoint, and a folder for outputs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCheckpoint } from '../../../../src/train/checkpoint.js';
import { DEFAULT_CONFIG } from '../../../../src/train/config.js';
import { createLenetSpec } from '../../../../src/graph/models/lenet.js';
import { releaseFiles, writeReleaseFolder } from '../../../train/data/helpers/synthetic-cifar.js';
import { repoRoot } from '../../../helpers/paths.js';
import { setPngSize } from '../formats/image-fields.js';

export interface FuzzSandbox {
  root: string;
  data: string;
  cacheDir: string;
  model: string;
  image: string;
  svgAsJpeg: string;
  bomb: string;
  aFile: string;
  checkpoint: string;
  outputs: string;
  /** Environment for every case: the sandbox cache, no $CIFAR10_DATA. */
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function makeSandbox(): FuzzSandbox {
  const root = mkdtempSync(join(tmpdir(), 'lenet-cli-fuzz-'));
  const { files } = releaseFiles(40);
  const data = join(root, 'data');
  writeReleaseFolder(join(data, 'cifar-10-batches-bin'), files);
  const cacheDir = join(root, 'cache');
  writeReleaseFolder(join(cacheDir, 'cifar-10-batches-bin'), files);
  const model = join(root, 'lenet.onnx');
  copyFileSync(join(repoRoot, 'models', 'lenet.onnx'), model);
  const photo = join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-rgb.png');
  const image = join(root, 'photo.png');
  copyFileSync(photo, image);
  const svgAsJpeg = join(root, 'drawing.jpg');
  writeFileSync(svgAsJpeg, '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><rect width="100%" height="100%"/></svg>');
  const bombBytes = new Uint8Array(readFileSync(photo));
  setPngSize(bombBytes, 13_000, 13_000);
  const bomb = join(root, 'bomb.png');
  writeFileSync(bomb, bombBytes);
  const aFile = join(root, 'a-file.txt');
  writeFileSync(aFile, 'just text\n');
  const checkpoint = join(root, 'epoch-0001.ckpt');
  const spec = createLenetSpec('lenet5', 0);
  saveCheckpoint(checkpoint, { config: DEFAULT_CONFIG, position: { epoch: 1, step: 0 }, spec, optimizer: { kind: 'adam', step: 0, buffers: {} }, history: [], info: {} });
  const outputs = join(root, 'outputs');
  mkdirSync(outputs);
  const env: NodeJS.ProcessEnv = { ...process.env, LENET_CACHE_DIR: cacheDir };
  delete env.CIFAR10_DATA;
  return { root, data, cacheDir, model, image, svgAsJpeg, bomb, aFile, checkpoint, outputs, env, remove: () => rmSync(root, { recursive: true, force: true }) };
}

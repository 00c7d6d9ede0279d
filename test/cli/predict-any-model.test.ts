/**
 * predict on an image classifier that is not ours (MobileNetV2 from ../shared/fixtures/zoo,
 * [N,3,224,224], 1000 classes) with torchvision's ImageNet recipe: the 224x224 picture it
 * feeds is byte for byte what torchvision's Resize(256) + CenterCrop(224) makes of the
 * photo (sha256 from Debian's torchvision 0.14 / Pillow), labels come from --labels, and
 * a model without an image input is refused in one line.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/predict.js';
import { fixturesDir, repoRoot } from '../helpers/paths.js';
import { runInProcess } from './run-command.js';

const MOBILENET = join(fixturesDir, 'zoo', 'mobilenet_v2', 'model.onnx');
const PHOTO = join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-baseline.jpg');
/** torchvision: CenterCrop(224)(Resize(256)(Image.open(photo).convert('RGB'))), as HWC bytes. */
const TORCHVISION_CROP_SHA256 = '7617bffa551b9b100ed5a0afed2ae10653b7d8f66b2170a899b2fbdc11b159f4';
const IMAGENET = ['--resize', '256', '--center-crop', '224', '--mean', '0.485,0.456,0.406', '--std', '0.229,0.224,0.225'];
const work = mkdtempSync(join(tmpdir(), 'predict-any-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('predict on MobileNetV2 with the ImageNet recipe', () => {
  it('feeds torchvision\'s exact 224x224 crop and names classes from --labels', async () => {
    const labels = join(work, 'labels.txt');
    writeFileSync(labels, Array.from({ length: 1000 }, (_, i) => `imagenet-${i}`).join('\n'));
    const saved = join(work, 'seen');
    const r = await runInProcess(main, [MOBILENET, PHOTO, ...IMAGENET, '--labels', labels, '--runtime', 'ort-node', '--top', '5', '--json', '--save-preprocessed', saved]);
    expect(r.code).toBe(0);
    const [entry] = JSON.parse(r.stdout) as { label: string; index: number; probabilities: number[] }[];
    expect(entry!.label).toBe(`imagenet-${entry!.index}`);
    expect(entry!.probabilities).toHaveLength(1000);
    expect(entry!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const [png] = readdirSync(saved);
    const { data, info } = await sharp(join(saved, png!)).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([224, 224, 3]);
    expect(createHash('sha256').update(data).digest('hex')).toBe(TORCHVISION_CROP_SHA256);
  });

  it('refuses labels that do not fit the classes, and a model without an image input', async () => {
    const labels = join(work, 'three.txt');
    writeFileSync(labels, 'a\nb\nc\n');
    const wrong = await runInProcess(main, [MOBILENET, PHOTO, ...IMAGENET, '--labels', labels, '--runtime', 'ort-node']);
    expect(wrong).toMatchObject({ code: 2, stderr: '--labels: 3 labels for a model with 1000 classes\n' });
    const tokens = join(fixturesDir, 'zoo', 'token-classifier', 'model.onnx');
    const r = await runInProcess(main, [tokens, PHOTO]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${tokens}: takes no image input ([N,C,H,W] or [N,H,W,C] with C = 1 or 3); it takes "ids" int64 [batch,12]\n`);
  });
});

/**
 * The 64 test images the PyTorch logits fixture names, decoded as torchvision's
 * ToTensor does: RGB, planar CHW, float32(byte)/255. Extracted once per test file with
 * the system tar into a temp folder; sharp decodes these JPEGs byte-identically to Pillow.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { cifarArchive } from '../../helpers/paths.js';

export async function loadFixtureImages(names: string[]): Promise<Float32Array> {
  const dir = mkdtempSync(join(tmpdir(), 'export-images-'));
  try {
    execFileSync('tar', ['-xzf', cifarArchive, '-C', dir, ...names]);
    const out = new Float32Array(names.length * 3 * 32 * 32);
    for (const [n, name] of names.entries()) {
      const { data, info } = await sharp(readFileSync(join(dir, name))).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      if (info.width !== 32 || info.height !== 32 || info.channels !== 3) throw new Error(`${name}: ${info.width}x${info.height}x${info.channels}`);
      for (let p = 0; p < 32 * 32; p++) {
        for (let c = 0; c < 3; c++) out[n * 3072 + c * 1024 + p] = data[p * 3 + c]! / 255;
      }
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

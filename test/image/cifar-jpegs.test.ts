/**
 * The CIFAR-10 JPEGs are already 32×32: they must decode to Pillow's bytes and pass
 * through the resize untouched. A few are pulled out of the shared archive with the
 * system tar (reading archives is another module's job).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeImageRgb } from '../../src/image/decode.js';
import { preprocessImage } from '../../src/image/preprocess-image.js';
import { toTensorCHW } from '../../src/image/to-tensor.js';
import { readPillowJson, sha256Hex } from './pillow-fixtures.js';

interface CifarCase { member: string; width: number; height: number; decodedSha256: string }

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const vectors = readPillowJson<{ archive: string; cases: CifarCase[] }>('cifar.json');
const archive = join(REPO_ROOT, vectors.archive); // ../shared/data/cifar10-jpg.tar.gz
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preprocess-cifar-'));
  // --occurrence=1: stop reading once each named member has been found.
  await promisify(execFile)('tar', ['-xzf', archive, '-C', dir, '--occurrence=1', ...vectors.cases.map((c) => c.member)]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CIFAR-10 test JPEGs from the shared archive', () => {
  it.each(vectors.cases.map((c) => [c.member, c] as const))('%s decodes to Pillow bytes and stays unchanged', async (_member, c) => {
    const path = join(dir, c.member);
    const decoded = await decodeImageRgb(path);
    expect([decoded.width, decoded.height]).toEqual([32, 32]);
    expect(sha256Hex(decoded.rgb)).toBe(c.decodedSha256);
    const pre = await preprocessImage(path);
    expect(pre.rgb32).toEqual(decoded.rgb);
    expect(pre.tensor).toEqual(toTensorCHW(decoded.rgb, 32, 32));
  });
});

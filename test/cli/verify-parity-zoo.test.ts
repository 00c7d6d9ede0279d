/**
 * Real models beyond LeNet (../shared/fixtures/zoo, PyTorch 1.13 exports with PyTorch's
 * own outputs): every case passes on onnxruntime-node, onnxruntime-web in Node and
 * onnxruntime-web in Chromium against `expected` at atol 1e-4 / rtol 1e-3, the JSON
 * keeps its documented top-level shape with `output` per comparison — and feeding the
 * wrong input (transposed images, shifted token ids) fails loudly.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/verify-parity.js';
import { decodeTensorProtoFile, encodeTensorProtoFile } from '../../src/export/host-tensor-proto.js';
import type { HostTensor } from '../../src/graph/host-tensor.js';
import { fixturesDir, repoRoot } from '../helpers/paths.js';
import { runInProcess } from './run-command.js';

const ZOO = join(fixturesDir, 'zoo');
const CASES = ['squeezenet1_1', 'mobilenet_v2', 'tiny-transformer', 'token-classifier', 'two-heads', 'lstm-tagger'];
const RUNTIMES = ['ort-node', 'ort-web-node', 'ort-web-browser'];
const work = mkdtempSync(join(tmpdir(), 'zoo-parity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Json = Record<string, any>;
const verify = async (dir: string, runtimes = RUNTIMES) => {
  const r = await runInProcess(main, [dir, '--runtimes', runtimes.join(','), '--atol', '1e-4', '--rtol', '1e-3', '--threads', '2', '--json', '--quiet']);
  return { code: r.code, out: JSON.parse(r.stdout || '{}') as Json, stderr: r.stderr };
};

/** A copy of zoo case `name` whose input_0.pb went through `change`. */
function tamperedCase(name: string, change: (t: HostTensor) => HostTensor): string {
  const dir = join(work, name);
  cpSync(join(ZOO, name), dir, { recursive: true });
  const file = join(dir, 'test_data_set_0', 'input_0.pb');
  rmSync(file);
  const original = decodeTensorProtoFile(readFileSync(join(ZOO, name, 'test_data_set_0', 'input_0.pb')), 'input_0.pb');
  writeFileSync(file, encodeTensorProtoFile(original.name, change(original.tensor)));
  return dir;
}

describe('every zoo case passes against PyTorch\'s outputs on ort-node, ort-web-node and ort-web-browser', () => {
  it.each(CASES)('%s', async (name) => {
    const { code, out } = await verify(join(ZOO, name));
    expect(out).toMatchObject({ pass: true, model: join(ZOO, name), reference: 'expected', inputKind: 'test-case', problems: [] });
    expect(out.runtimes.map((r: Json) => [r.name, r.available])).toEqual([['expected', true], ...RUNTIMES.map((n) => [n, true])]);
    const outputs = out.outputs.map((o: Json) => o.name);
    expect(out.comparisons.map((c: Json) => [c.runtime, c.output])).toEqual(RUNTIMES.flatMap((r) => outputs.map((o: string) => [r, o])));
    for (const c of out.comparisons) {
      expect(c).toMatchObject({ reference: 'expected', pass: true, failingElements: 0, mismatch: null });
      expect(c.maxAbsDiff).toBeLessThan(1e-5); // PyTorch vs onnxruntime: within 4e-6 when fed correctly
    }
    expect(code).toBe(0);
  });
});

describe('image files for an image model that is not ours', () => {
  it('stream through MobileNetV2 in batches of --batch 3 with the ImageNet recipe, one progress line per batch', async () => {
    const images = join(repoRoot, 'test', 'fixtures', 'pillow', 'images');
    const r = await runInProcess(main, [
      join(ZOO, 'mobilenet_v2', 'model.onnx'), images, '--count', '7', '--batch', '3',
      '--resize', '256', '--center-crop', '224', '--mean', '0.485,0.456,0.406', '--std', '0.229,0.224,0.225',
      '--runtimes', 'ort-node,ort-web-node', '--json',
    ]);
    const out = JSON.parse(r.stdout) as Json;
    expect(out).toMatchObject({ pass: true, images: 7, inputKind: 'files', reference: 'ort-node' });
    expect(out.source).toMatch(/^7 image files from .* \(Pillow bilinear resize of the shorter side to 256, center crop 224x224, RGB, x\/255, minus mean \[0\.485, 0\.456, 0\.406\], over std \[0\.229, 0\.224, 0\.225\], NCHW\)$/);
    expect(out.comparisons).toMatchObject([{ runtime: 'ort-web-node', output: 'output', pass: true, elements: 7000 }]);
    expect(r.stderr.match(/^verify-parity: batch \d+: rows \d+-\d+ of 7$/gm)).toEqual([
      'verify-parity: batch 1: rows 1-3 of 7',
      'verify-parity: batch 2: rows 4-6 of 7',
      'verify-parity: batch 3: rows 7-7 of 7',
    ]);
    expect(r.code).toBe(0);
  });
});

describe('random inputs for any model, saved as a test case that replays', () => {
  it('token ids need a range; with it, ort-node\'s answers become a test case ort-web-node reproduces', async () => {
    const model = join(ZOO, 'token-classifier', 'model.onnx');
    const noRange = await runInProcess(main, [model, '--runtimes', 'ort-node', '--quiet']);
    expect(noRange.code).toBe(2);
    expect(noRange.stderr).toMatch(/^integer input "ids" int64 \[batch,12\] needs a value range: --range NAME=LO,HI/);
    const saved = join(work, 'saved-case');
    const first = await runInProcess(main, [model, '--shape', 'ids=5,12', '--range', 'ids=0,1000', '--seed', '7', '--runtimes', 'ort-node,ort-web-node', '--save-test-data', saved, '--json', '--quiet']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ inputKind: 'random-tensors', images: 5, source: 'seeded random inputs (seed 7): ids int64 [5,12] in [0, 1000)', reference: 'ort-node' });
    const again = await verify(saved, ['ort-web-node']);
    expect(again.out).toMatchObject({ pass: true, reference: 'expected', inputKind: 'test-case', images: 5 });
    expect(again.code).toBe(0);
  });
});

describe('the wrong input fails loudly', () => {
  it('MobileNetV2 fed its images transposed (H and W swapped): every runtime fails', async () => {
    const dir = tamperedCase('mobilenet_v2', (t) => {
      const [n, c, h, w] = t.dims as [number, number, number, number];
      const src = t.data as Float32Array;
      const data = new Float32Array(src.length);
      for (let p = 0; p < n * c; p++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[p * h * w + x * w + y] = src[p * h * w + y * w + x]!;
      return { ...t, data };
    });
    const { code, out } = await verify(dir);
    expect(code).toBe(1);
    expect(out.pass).toBe(false);
    for (const c of out.comparisons) {
      expect(c.pass).toBe(false);
      expect(c.failingElements).toBeGreaterThan(1000); // of 2000 logits
      expect(c.maxAbsDiff).toBeGreaterThan(0.01);
    }
    expect(out.problems).toEqual(RUNTIMES.map((r) => expect.stringMatching(new RegExp(`^${r}: \\d+ of 2000 values beyond atol 1e-4 / rtol 0\\.001`))));
  });

  it('the token classifier fed ids shifted by one fails', async () => {
    const dir = tamperedCase('token-classifier', (t) => ({ ...t, data: (t.data as BigInt64Array).map((v) => v + 1n) }));
    const { code, out } = await verify(dir, ['ort-node']);
    expect(code).toBe(1);
    expect(out.comparisons[0]).toMatchObject({ runtime: 'ort-node', output: 'output', pass: false });
  });
});

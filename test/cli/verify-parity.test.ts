import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/verify-parity.js';
import { onnx } from '../../src/export/onnx-proto.js';
import { extractTorchImages, LEGACY_MODEL, readTorchLogits, TORCH_LOGITS } from '../runtime/torch-fixture.js';
import { runBin, runInProcess } from './run-command.js';
import { fixturesDir } from '../helpers/paths.js';

let imagesDir: string;
let files: string[];
let work: string;

beforeAll(async () => {
  ({ dir: imagesDir, files } = await extractTorchImages());
  work = mkdtempSync(join(tmpdir(), 'verify-parity-cli-'));
});

afterAll(() => {
  rmSync(imagesDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

const json = (text: string) => JSON.parse(text) as Record<string, any>;

describe('verify-parity against PyTorch', () => {
  it('passes every Node runtime against PyTorch logits on the 64 fixture images, and writes an HTML report', async () => {
    const report = join(work, 'torch.html');
    const r = await runInProcess(main, [LEGACY_MODEL, imagesDir, '--reference-outputs', TORCH_LOGITS, '--runtimes', 'engine-cpu,ort-node,ort-web-node', '--json', '--report', report, '--quiet']);
    expect(r.code).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ pass: true, images: 64, inputKind: 'files', reference: 'file:torch-seed-arch-adam-logits64.json' });
    expect(out.comparisons.map((c: any) => [c.runtime, c.pass, c.top1Agreement])).toEqual([
      ['engine-cpu', true, 1],
      ['ort-node', true, 1],
      ['ort-web-node', true, 1],
    ]);
    for (const c of out.comparisons) expect(c.maxAbsDiff).toBeLessThan(1e-5);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!doctype html>[\s\S]*Parity report: <span class="pass">PASS/);
  });

  it('exits 1 and lists the flipped image when saved outputs disagree', async () => {
    const torch = await readTorchLogits();
    const row = torch.logits[5]!;
    const top = row.indexOf(Math.max(...row));
    row[(top + 1) % 10] = row[top]! + 1; // image 5 now answers another class
    const tampered = join(work, 'tampered.json');
    writeFileSync(tampered, JSON.stringify(torch));
    const r = await runInProcess(main, [LEGACY_MODEL, imagesDir, '--reference-outputs', tampered, '--runtimes', 'ort-node', '--json', '--quiet']);
    expect(r.code).toBe(1);
    const c = json(r.stdout).comparisons[0];
    expect(c).toMatchObject({ runtime: 'ort-node', pass: false });
    expect(c.flips.map((f: any) => f.name)).toEqual([files[5]]);
  });
});

describe('verify-parity inputs and outputs', () => {
  it('falls back to seeded random images when there is no data, and says so', async () => {
    const r = await runBin('verify-parity', [LEGACY_MODEL, '--count', '8', '--runtimes', 'ort-node', '--quiet'], { CIFAR10_DATA: '', LENET_CACHE_DIR: work });
    expect(r.stdout).toContain('images: 8 seeded random images (seed 0): no CIFAR-10 data configured');
    expect(r.stdout).toMatch(/\nPASS \(atol 1e-5 rtol 1e-5\)\n$/);
    expect(r.code).toBe(0);
  });

  it('saves outputs that a later run reproduces exactly, and an ONNX test data set', async () => {
    const saved = join(work, 'saved.json');
    const testData = join(work, 'testdata');
    const common = [LEGACY_MODEL, imagesDir, '--count', '10', '--quiet', '--json'];
    const first = await runInProcess(main, [...common, '--runtimes', 'engine-cpu', '--save-outputs', saved, '--save-test-data', testData]);
    expect(first.code).toBe(0);
    expect(json(readFileSync(saved, 'utf8'))).toMatchObject({ runtime: 'engine-cpu', images: files.slice(0, 10) });
    expect(readdirSync(testData).sort()).toEqual(['model.onnx', 'test_data_set_0']);
    const again = await runInProcess(main, [...common, '--runtimes', 'engine-cpu,ort-node', '--reference-outputs', saved]);
    expect(again.code).toBe(0);
    const byRuntime = Object.fromEntries(json(again.stdout).comparisons.map((c: any) => [c.runtime, c]));
    expect(byRuntime['engine-cpu'].maxAbsDiff).toBe(0); // same runtime, same inputs: bit-identical
    expect(byRuntime['ort-node'].pass).toBe(true);
  });

  it('reports an unreadable image by name, compares the others, and exits 2', async () => {
    const dir = mkdtempSync(join(work, 'mixed-'));
    writeFileSync(join(dir, 'a-broken.png'), 'no png here');
    const r = await runInProcess(main, [LEGACY_MODEL, dir, files[0]!, files[1]!, '--runtimes', 'ort-node', '--json', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`a-broken\\.png: not a readable image`));
    const out = json(r.stdout);
    expect(out.images).toBe(2);
    expect(out.comparisons[0].pass).toBe(true);
    expect(out.unreadable).toHaveLength(1);
  });
});

describe('verify-parity usage errors (exit 2, one line)', () => {
  it.each([
    [['nope/model.onnx'], 'nope/model.onnx: no such model file'],
    [[LEGACY_MODEL, '--runtimes', 'ort-node,tflite'], '--runtimes tflite: unknown runtime (known: engine-cpu, ort-node, ort-web-node, ort-web-browser, ort-web-webgpu, ort-web-webgl, engine-webgl2, engine-reference)'],
    [[LEGACY_MODEL, '--report', 'r.txt'], '--report r.txt: the file must end in .md or .html'],
    [[LEGACY_MODEL, '--tolerance', 'ort-node'], '--tolerance ort-node: expected NAME=ATOL or NAME=ATOL,RTOL'],
    [[LEGACY_MODEL, '--runtimes', 'ort-node', '--require', 'ort-web-node'], '--require ort-web-node: not among the runtimes being run (--runtimes)'],
  ])('%j', async (argv, message) => {
    const r = await runInProcess(main, argv);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(`${message}\n`);
  });

  it('runs a model with another interface on seeded random tensors, or on image files made grey for it', async () => {
    const proto = onnx.ModelProto.decode(readFileSync(LEGACY_MODEL));
    proto.graph!.input![0]!.type!.tensorType!.shape!.dim![1] = { dimValue: 1 };
    proto.graph!.node![0]!.input![1] = 'grey.weight';
    const weight = proto.graph!.initializer!.find((t) => t.name === '0.weight')!;
    proto.graph!.initializer!.push({ ...weight, name: 'grey.weight', dims: [6, 1, 5, 5], rawData: weight.rawData!.slice(0, 6 * 25 * 4) });
    const grey = join(work, 'grey.onnx');
    writeFileSync(grey, onnx.ModelProto.encode(proto).finish());
    const r = await runInProcess(main, [grey, '--runtimes', 'ort-node,ort-web-node', '--quiet']);
    expect(r.stdout).toContain('inputs: seeded random inputs (seed 0): input float32 [1,1,32,32] in [0, 1)');
    expect(r.code).toBe(0);
    const images = await runInProcess(main, [grey, files[0]!, files[1]!, '--runtimes', 'ort-node,ort-web-node', '--quiet']);
    expect(images.stdout).toContain(`images: 2 image files from ${files[0]}, ${files[1]} (Pillow bilinear resize to 32x32, grey (Pillow convert L), x/255, NCHW)`);
    expect(images.code).toBe(0);
    const tokens = await runInProcess(main, [join(fixturesDir, 'zoo', 'token-classifier', 'model.onnx'), files[0]!, '--quiet']);
    expect(tokens.code).toBe(2);
    expect(tokens.stderr).toMatch(/token-classifier\/model\.onnx: takes no image input \(\[N,C,H,W\] or \[N,H,W,C\] with C = 1 or 3\); it takes "ids" int64 \[batch,12\]\n$/);
  });

  it('prints one line without a stack from the real command, and the stack with --verbose', async () => {
    const plain = await runBin('verify-parity', ['missing.onnx']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe('verify-parity: missing.onnx: no such model file\n');
    const verbose = await runBin('verify-parity', ['missing.onnx', '--verbose']);
    expect(verbose.stderr).toMatch(/^verify-parity: missing\.onnx: no such model file\nToolError: [^\n]*\n +at /);
  });
});

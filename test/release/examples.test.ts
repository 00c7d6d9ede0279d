/**
 * The examples' own code, checked in-process against the toolkit: their plain-JS
 * preprocessing (each example's lenet.js) must give the toolkit's bytes and tensors, their
 * labels must be the model's, and the consumer examples must import nothing of ours.
 * (package.test.ts runs them for real against the packed package.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadOnnx } from '../../src/export/index.js';
import { preprocessRgb, resizeBilinearPillow } from '../../src/image/index.js';
import { CIFAR10_CLASSES, Random } from '../../src/graph/index.js';
import { repoRoot } from '../helpers/paths.js';
import { examplesDir } from './consumer-project.js';

interface LenetJs {
  CLASSES: string[];
  resizeBilinear(rgb: Uint8Array, width: number, height: number, outWidth: number, outHeight: number): Uint8Array;
  toModelInput(rgb: Uint8Array, width: number, height: number): Float32Array;
  topClasses(logits: ArrayLike<number>, k?: number): { label: string; probability: number }[];
}

const lenetJsPath = join(examplesDir, 'node-onnxruntime', 'lenet.js');
const lenetJs = (await import(pathToFileURL(lenetJsPath).href)) as LenetJs;

function randomRgb(width: number, height: number, seed: number): Uint8Array {
  const random = new Random(seed);
  return Uint8Array.from({ length: width * height * 3 }, () => random.int(256));
}

describe("the examples' lenet.js (the model contract in plain JS)", () => {
  it('is one file: the browser example carries the same bytes as the Node example', () => {
    const browserCopy = readFileSync(join(examplesDir, 'browser-onnxruntime-web', 'lenet.js'), 'utf8');
    expect(browserCopy).toBe(readFileSync(lenetJsPath, 'utf8'));
  });

  it("resizes byte for byte as the toolkit's Pillow BILINEAR (shrink, enlarge, one axis, same size)", () => {
    const sizes: [number, number, number, number][] = [
      [97, 61, 32, 32], [640, 480, 32, 32], [1001, 17, 32, 32], [7, 5, 32, 32], [33, 32, 32, 32], [32, 200, 32, 32], [32, 32, 32, 32], [45, 45, 13, 70],
    ];
    for (const [i, [w, h, ow, oh]] of sizes.entries()) {
      const rgb = randomRgb(w, h, i + 1);
      const ours = lenetJs.resizeBilinear(rgb, w, h, ow, oh);
      const toolkit = resizeBilinearPillow(rgb, w, h, ow, oh);
      expect(ours.length, `${w}x${h} → ${ow}x${oh}`).toBe(toolkit.length);
      const differing = ours.reduce((n, v, k) => n + (v === toolkit[k] ? 0 : 1), 0);
      expect(differing, `${w}x${h} → ${ow}x${oh}: bytes that differ`).toBe(0);
    }
  });

  it("gives the toolkit's model input, bit for bit (float32 x/255, CHW)", () => {
    const rgb = randomRgb(123, 77, 9);
    const ours = lenetJs.toModelInput(rgb, 123, 77);
    const toolkit = preprocessRgb({ rgb, width: 123, height: 77 }).tensor;
    expect(ours).toBeInstanceOf(Float32Array);
    expect(Buffer.from(ours.buffer).equals(Buffer.from(toolkit.buffer))).toBe(true);
  });

  it("names the classes as the released model's metadata does", () => {
    const labels = JSON.parse(loadOnnx(join(repoRoot, 'models', 'lenet.onnx')).metadata.class_labels!) as string[];
    expect(lenetJs.CLASSES).toEqual(labels);
    expect(lenetJs.CLASSES).toEqual([...CIFAR10_CLASSES]);
  });

  it('ranks classes by softmax probability', () => {
    const top = lenetJs.topClasses([0, 1, 0, 0, 0, 0, 0, 0, 0, Math.log(2)], 3);
    expect(top.map((t) => t.label)).toEqual(['automobile', 'truck', 'airplane']);
    expect(top[0]!.probability).toBeCloseTo(Math.E / (Math.E + 2 + 8), 12);
    expect(top[1]!.probability).toBeCloseTo(2 / (Math.E + 2 + 8), 12);
  });
});

/** Every module specifier a JS file imports (static `import … from '…'` and `import '…'`). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('what the consumer examples depend on', () => {
  it('the Node example: onnxruntime-node, sharp (decoding) and its own lenet.js, nothing of lenet-portable', () => {
    const dir = join(examplesDir, 'node-onnxruntime');
    expect(importsOf(join(dir, 'classify.js')).sort()).toEqual(['./lenet.js', 'onnxruntime-node', 'sharp']);
    expect(importsOf(join(dir, 'lenet.js'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['onnxruntime-node', 'sharp']);
  });

  it('the browser example: onnxruntime-web (mapped to its dist build) and lenet.js', () => {
    const dir = join(examplesDir, 'browser-onnxruntime-web');
    expect(importsOf(join(dir, 'classify.js')).sort()).toEqual(['./lenet.js', 'onnxruntime-web']);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const importMap = JSON.parse(/<script type="importmap">([\s\S]*?)<\/script>/.exec(html)![1]!) as { imports: Record<string, string> };
    expect(importMap.imports).toEqual({ 'onnxruntime-web': './node_modules/onnxruntime-web/dist/ort.wasm.min.mjs' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toEqual(['onnxruntime-web']);
  });

  it('the library example imports lenet-portable by its package name only', () => {
    const source = readFileSync(join(examplesDir, 'library', 'classify.ts'), 'utf8');
    const specifiers = [...source.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(specifiers.filter((s) => !s.startsWith('node:'))).toEqual(['lenet-portable']);
  });
});

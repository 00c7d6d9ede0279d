/**
 * `web` as a user runs it: it serves the built page, onnxruntime-web's files, the
 * default model and the configured CIFAR-10 sample on 127.0.0.1 until Ctrl-C; an
 * unbuilt page or a missing model is one line and exit code 2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../src/train/browser/dataset-routes.js';
import { buildPage } from '../../web/scripts/build.js';
import { cifarArchive, fixturesDir } from '../helpers/paths.js';
import { runBin, startBin } from '../helpers/run-bin.js';

const MODEL = join(fixturesDir, 'torch', 'torch-seed-arch-adam-legacy.onnx');
const work = mkdtempSync(join(tmpdir(), 'web-cmd-'));
const root = join(work, 'dist');

describe('web', () => {
  beforeAll(async () => void (await buildPage(root)));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('serves the page, ORT, the model and the data sample until Ctrl-C', async () => {
    const { child, done } = startBin('web', ['--port', '0', '--root', root, '--model', MODEL, '--data', cifarArchive, '--limit', '64', '--test-limit', '20']);
    const origin = await new Promise<string>((found) => {
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const match = /serving the page on (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
        if (match) found(match[1]!);
      });
    });
    try {
      const page = await fetch(`${origin}/`);
      expect(page.headers.get('cross-origin-embedder-policy'), 'isolated, so wasm can use threads').toBe('require-corp');
      expect(await page.text()).toContain('<script type="module" src="app.js">');
      expect((await fetch(`${origin}/app.js`)).headers.get('content-type')).toMatch(/javascript/);
      for (const file of ['ort/ort.wasm.min.mjs', 'ort/ort-wasm-simd-threaded.wasm', 'ort/ort.webgpu.min.mjs']) expect((await fetch(`${origin}/${file}`)).status, file).toBe(200);
      const model = await fetch(`${origin}/model/default.onnx`);
      expect(model.headers.get('x-model-name')).toBe('torch-seed-arch-adam-legacy.onnx');
      const meta = (await (await fetch(`${origin}/data/meta.json`)).json()) as DatasetMeta;
      expect(meta.train.count).toBe(64);
      expect(meta.test.count).toBe(20);
      expect((await fetch(`${origin}/data/test-labels.bin`)).headers.get('content-length')).toBe('20');
    } finally {
      child.kill('SIGINT');
    }
    const r = await done;
    expect(r.code).toBe(0);
  });

  it('an unbuilt page or a missing model: one line, exit code 2', async () => {
    const unbuilt = await runBin('web', ['--port', '0', '--root', join(work, 'nothing-here')]);
    expect(unbuilt.code).toBe(2);
    expect(unbuilt.stderr.trim()).toMatch(/^web: .*nothing-here: the page is not built \(run "npm run build:web"\)$/);
    const noModel = await runBin('web', ['--port', '0', '--root', root, '--model', join(work, 'missing.onnx')]);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr.trim()).toMatch(/^web: --model .*missing\.onnx: cannot read \(ENOENT\)$/);
  });
});

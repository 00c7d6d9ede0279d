/**
 * The web page in headless Chromium, served by the real `web` server from a fresh
 * build: it loads without console errors; a classified image gets the very tensor and
 * the logits (within 1e-4) that `predict` computes in Node; the parity table covers
 * every browser runtime; training in the page lowers the loss, and a run stopped and
 * resumed ends on the very weights of one never stopped; the downloaded ONNX runs in
 * onnxruntime-node as it ran in the page.
 * Screenshots go to artifacts/web/.
 *
 * Chromium is mandatory: without it these tests fail with the install command.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/cli/web-server.js';
import { readOnnx } from '../../src/export/index.js';
import { launchChromium } from '../../src/browser/chromium.js';
import { preprocessImage } from '../../src/image/index.js';
import { buildPage } from '../../web/scripts/build.js';
import type { inspection as PageInspection } from '../../web/src/inspection.js';
import { requireChromium } from '../browser/harness.js';
import { cifarArchive, fixturesDir, repoRoot } from '../helpers/paths.js';
import { runBin } from '../helpers/run-bin.js';

type Inspection = typeof PageInspection;
const MODEL = join(fixturesDir, 'torch', 'torch-seed-arch-adam-legacy.onnx');
const IMAGE = join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-rgb.png');
const ARTIFACTS = join(repoRoot, 'artifacts', 'web');
const work = mkdtempSync(join(tmpdir(), 'web-page-'));

const bytesOf = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));
const argmax = (row: readonly number[]) => row.indexOf(Math.max(...row));

describe('the web page', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const inspect = <T>(read: (p: Inspection) => T): Promise<T> =>
    page.evaluate(`(${read.toString()})(globalThis.__lenetPage)`) as Promise<T>;
  const waitFor = (condition: string) => page.waitForFunction(`(p => ${condition})(globalThis.__lenetPage)`, null, { timeout: 300_000, polling: 200 });
  const screenshot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  /** Saves what the page's Download button gives now; resolves the file's path. */
  const downloadTrained = async (name: string): Promise<string> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#train-download')]);
    const file = join(work, name);
    await download.saveAs(file);
    return file;
  };
  // Handed from test to test: the stopped-and-resumed run, and the model downloaded last.
  let resumed: Inspection['training'];
  let stoppedFile = '';
  let resumedFile = '';
  let trainedFile = '';

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildPage(join(work, 'dist'));
    server = await startWebServer({
      port: 0, root: join(work, 'dist'), model: MODEL, data: { data: cifarArchive },
      subset: { limit: 3200, testLimit: 200, shuffle: true, seed: 0 }, log: () => {},
    });
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || (message.type() === 'warning' && /WebGL|GL_/.test(message.text()))) problems.push(message.text());
    });
    await page.goto(`${server.origin}/`);
    await waitFor('p?.ready === true');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('loads without console errors and names the model and what runs it', async () => {
    await screenshot('loaded');
    expect(problems).toEqual([]);
    expect(await page.textContent('#model-name')).toContain('torch-seed-arch-adam-legacy.onnx');
    expect(await page.textContent('#engine-backend')).toMatch(/^webgl2 · /);
    expect(await page.textContent('#ort-provider')).toMatch(/wasm execution provider/);
  });

  it('classifies an image with the tensor and logits predict computes in Node', async () => {
    await page.setInputFiles('#image-files', IMAGE);
    await waitFor('p.classifications.length === 1');
    await screenshot('classify');
    const [seen] = await inspect((p) => p.classifications);
    const node = await preprocessImage(IMAGE);
    expect(Float32Array.from(seen!.tensor), 'the 32x32 input tensor').toEqual(node.tensor);

    const predicted = await runBin('predict', [MODEL, IMAGE, '--json']);
    expect(predicted.code, predicted.stderr).toBe(0);
    const [{ logits, index, label }] = JSON.parse(predicted.stdout) as [{ logits: number[]; index: number; label: string }];
    expect(maxDiff(seen!.engineLogits, logits), 'our engine in the page vs predict').toBeLessThanOrEqual(1e-4);
    expect(maxDiff(seen!.ortLogits, logits), 'onnxruntime-web vs predict').toBeLessThanOrEqual(1e-4);
    expect(argmax(seen!.engineLogits)).toBe(index);
    expect(argmax(seen!.ortLogits)).toBe(index);
    for (const runtime of ['ort', 'engine']) expect(await page.textContent(`.prediction .topk.${runtime} li:first-child span`)).toBe(label);
  });

  it('runs CIFAR-10 test images through every browser runtime and tabulates them', async () => {
    await page.fill('#parity-count', '100');
    await page.click('#parity-run');
    await waitFor('p.parity !== null');
    await screenshot('parity');
    const parity = (await inspect((p) => p.parity))!;
    expect(parity).toMatchObject({ images: 100, reference: 'engine-cpu' });
    const byName = new Map(parity.comparisons.map((c) => [c.runtime, c]));
    for (const name of ['engine-webgl2', 'ort-web-browser']) {
      expect(byName.get(name)?.pass, `${name} within its tolerance, same top-1`).toBe(true);
      expect(byName.get(name)!.top1Agreement).toBe(1);
    }
    // WebGPU is reported as it is (a known upstream bug makes it fail on SwiftShader's adapter), but it is always listed.
    const listed = [...byName.keys(), ...parity.unavailable.map((u) => u.runtime)];
    expect(listed.sort()).toEqual(['engine-webgl2', 'ort-web-browser', 'ort-web-webgpu']);
    expect(await page.locator('#parity-table tbody tr').count()).toBe(4);
  });

  it('trains: the loss falls over 50 steps, stop/resume runs every step once', async () => {
    await page.selectOption('select[name=arch]', 'lenet5-relu');
    await page.selectOption('select[name=optimizer]', 'adam');
    await page.fill('input[name=images]', '3200');
    await page.fill('input[name=testImages]', '100');
    await page.fill('input[name=epochs]', '1');
    await page.fill('input[name=batchSize]', '32');
    await page.fill('input[name=lr]', '0.003');
    await page.click('#train-start');
    await waitFor('p.training.steps.length >= 10');
    await page.click('#train-stop');
    await waitFor('!p.training.running');
    const atStop = await inspect((p) => p.training.steps.length);
    expect(atStop, 'stopped before the end of the 100 planned steps').toBeLessThan(100);
    stoppedFile = await downloadTrained('stopped.onnx');
    expect(await page.isEnabled('#train-resume')).toBe(true);
    await page.click('#train-resume');
    await waitFor('!p.training.running');
    await screenshot('train');

    resumed = await inspect((p) => p.training);
    expect(resumed.steps.map((s) => s.step), 'every step once, in order, across stop and resume').toEqual(Array.from({ length: 100 }, (_, i) => i));
    const mean = (from: number) => resumed.steps.slice(from, from + 10).reduce((sum, s) => sum + s.loss, 0) / 10;
    expect(mean(40), 'mean loss of steps 41-50 vs steps 1-10').toBeLessThan(mean(0));
    expect(resumed.epochs).toHaveLength(1);
    resumedFile = await downloadTrained('resumed.onnx');
  });

  it('stop/resume ends on the weights of a run never stopped, bit for bit', async () => {
    // The same settings again, never stopped (Start replaces p.training with a fresh record).
    await page.evaluate('globalThis.__stoppedRun = globalThis.__lenetPage.training');
    await page.click('#train-start');
    await waitFor('p.training !== globalThis.__stoppedRun && !p.training.running');
    const uninterrupted = await inspect((p) => p.training);
    expect(uninterrupted.steps.map((s) => s.step)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(uninterrupted.steps.map((s) => [s.loss, s.lr]), 'loss and learning rate at every step').toEqual(resumed.steps.map((s) => [s.loss, s.lr]));
    trainedFile = await downloadTrained('uninterrupted.onnx');
    const expected = readOnnx(readFileSync(trainedFile)).params;
    const got = readOnnx(readFileSync(resumedFile)).params;
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, p] of Object.entries(expected)) expect(bytesOf(got[name]!.data).equals(bytesOf(p.data)), `${name}, bit for bit`).toBe(true);
    // The resumed steps moved the weights, so the equality above is not trivially true.
    const atStopWeights = readOnnx(readFileSync(stoppedFile)).params;
    expect(bytesOf(atStopWeights['net.0.weight']!.data).equals(bytesOf(expected['net.0.weight']!.data))).toBe(false);
  });

  it('the trained model downloads and runs in onnxruntime-node as it runs in the page', async () => {
    // The page's own onnxruntime-web on the trained model, for the same image as before.
    await page.click('#train-use');
    await page.waitForFunction(() => document.querySelector('#model-name')?.textContent?.startsWith('lenet-trained-in-browser.onnx'));
    await page.setInputFiles('#image-files', IMAGE);
    await waitFor('p.classifications.length === 2');
    const [, again] = await inspect((p) => p.classifications);
    const session = await ort.InferenceSession.create(trainedFile);
    const { logits } = await session.run({ input: new ort.Tensor('float32', Float32Array.from(again!.tensor), [1, 3, 32, 32]) });
    await session.release();
    expect(logits!.dims).toEqual([1, 10]);
    expect(maxDiff(logits!.data as Float32Array, again!.ortLogits), 'onnxruntime-node on the download vs the page').toBeLessThanOrEqual(1e-4);
  });

  it('logged no console errors along the way', () => {
    expect(problems).toEqual([]);
  });
});

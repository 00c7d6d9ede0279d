/**
 * The portability lab (web/dist/lab.html) in headless Chromium (SwiftShader here), served
 * by the real `web` server: every zoo test case dropped on it gives, runtime by runtime
 * and output by output, the numbers verify-parity computes for the same runtimes and
 * inputs (within 1e-6); its downloaded JSON merges with a CLI run (`verify-parity
 * --merge`); its test-case zip replays in verify-parity against onnxruntime-node; a
 * model our engine cannot read keeps its row, with the reason; nothing reaches the
 * console as an error. Screenshots go to artifacts/web-lab/.
 *
 * Chromium is mandatory: without it these tests fail with the install command.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.js';
import { startWebServer, type WebServer } from '../../src/cli/web-server.js';
import { DataType, encodeModelProto, type ValueInfoProto } from '../../src/export/onnx-proto.js';
import { parseImageFlags } from '../../src/cli/image-flags.js';
import { preprocessImageFor } from '../../src/image/preprocess-image.js';
import { recipeForModel } from '../../src/runtime/image-recipes.js';
import { loadModelUnderTest } from '../../src/runtime/model-under-test.js';
import { runParity } from '../../src/runtime/parity/parity-run.js';
import { parityJson } from '../../src/runtime/parity/report-json.js';
import { inputsFromTestCase } from '../../src/runtime/parity/test-case-inputs.js';
import { findRuntime } from '../../src/runtime/registry.js';
import { createRuntimeContext } from '../../src/runtime/runtime-context.js';
import { buildPage } from '../../web/scripts/build.js';
import type { labInspection } from '../../web/src/lab/lab-inspection.js';
import { requireChromium } from '../browser/harness.js';
import { fixturesDir, repoRoot } from '../helpers/paths.js';
import { runBin } from '../helpers/run-bin.js';

type Lab = typeof labInspection;
interface JsonComparison { runtime: string; output: string; maxAbsDiff: number; meanAbsDiff: number; pass: boolean }
interface JsonRuntime { name: string; available: boolean; provider: string | null; error?: string }
interface JsonResult { pass: boolean; reference: string; runtimes: JsonRuntime[]; comparisons: JsonComparison[]; browser?: string; adapter?: { webgpu: string | null; webgl: string | null } }

const ZOO = join(fixturesDir, 'zoo');
const CASES = ['squeezenet1_1', 'mobilenet_v2', 'tiny-transformer', 'token-classifier', 'two-heads', 'lstm-tagger'];
/** The runtimes both sides have: onnxruntime-web's wasm EP and our engine on its CPU kernels. */
const COMPARED = ['ort-web-browser', 'engine-cpu'];
const ARTIFACTS = join(repoRoot, 'artifacts', 'web-lab');
const IMAGE = join(repoRoot, 'test', 'fixtures', 'pillow', 'images', 'photo-rgb.png');
const work = mkdtempSync(join(tmpdir(), 'web-lab-'));

/** A model our graph reader refuses (control flow) that onnxruntime runs: y = flag ? relu(x) : -x. */
function ifModel(): Uint8Array {
  const info = (name: string, elemType: number, dims: number[]): ValueInfoProto => ({ name, type: { tensorType: { elemType, shape: { dim: dims.map((dimValue) => ({ dimValue })) } } } });
  const branch = (name: string, opType: string) => ({ name, node: [{ opType, input: ['x'], output: [`${name}_y`] }], output: [info(`${name}_y`, DataType.FLOAT, [2, 3])] });
  return encodeModelProto({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'if-model',
      input: [info('x', DataType.FLOAT, [2, 3]), info('flag', DataType.BOOL, [])],
      output: [info('y', DataType.FLOAT, [2, 3])],
      node: [{ name: 'choose', opType: 'If', input: ['flag'], output: ['y'], attribute: [
        { name: 'then_branch', type: 5, g: branch('then', 'Relu') },
        { name: 'else_branch', type: 5, g: branch('else', 'Neg') },
      ] }],
    },
  });
}

function filesUnder(dir: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[`${relative(dirname(dir), path)}`] = readFileSync(path);
    }
  };
  walk(dir);
  return out;
}

describe('the portability lab', () => {
  let server: WebServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let allowReadPixelsStall = false;
  /** verify-parity's JSON for each case, computed in Node by the CLI's code with one shared Chromium. */
  const cli = new Map<string, JsonResult>();
  const lab = <T>(read: (l: Lab) => T): Promise<T> => page.evaluate(`(${read.toString()})(globalThis.__lab)`) as Promise<T>;
  const screenshot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  async function load(kind: 'folder' | 'files', paths: string | string[], expected: string): Promise<void> {
    await page.evaluate('globalThis.__lab.loaded = null');
    await page.setInputFiles(kind === 'folder' ? '#lab-folder' : '#lab-files', paths);
    await page.waitForFunction(`(l => l.loaded && (l.loaded.error || l.loaded.name === ${JSON.stringify(expected)}))(globalThis.__lab)`, null, { timeout: 60_000 });
    expect(await lab((l) => l.loaded)).toEqual({ name: expected });
  }

  async function run(options: { runtimes: string[]; reference?: string; atol?: string; rtol?: string; source?: 'test-case' | 'random' | 'images' }): Promise<JsonResult> {
    const before = await lab((l) => l.runs);
    await page.$$eval('#lab-runtime-list input', (boxes, wanted) => boxes.forEach((b) => ((b as HTMLInputElement).checked = wanted.includes((b as HTMLInputElement).name.slice('runtime:'.length)))), options.runtimes);
    if (options.reference) await page.selectOption('#lab-reference', options.reference);
    await page.fill('input[name=atol]', options.atol ?? '1e-5');
    await page.fill('input[name=rtol]', options.rtol ?? '1e-5');
    if (options.source) await page.check(`input[name=source][value=${options.source}]`);
    await page.click('#lab-run');
    await page.waitForFunction(`globalThis.__lab.runs > ${before}`, null, { timeout: 120_000, polling: 100 });
    expect(await lab((l) => l.runError)).toBeNull();
    return (await lab((l) => l.json)) as unknown as JsonResult;
  }

  beforeAll(async () => {
    requireChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
    await buildPage(join(work, 'dist'));
    server = await startWebServer({ port: 0, root: join(work, 'dist'), model: null, data: { data: join(work, 'no-data') }, subset: { shuffle: false, seed: 0 }, log: () => {} });
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      // onnxruntime-web's WebGL EP reads its results back synchronously; Chromium says so. Not ours, and tolerated only while it runs alone.
      if (allowReadPixelsStall && /GPU stall due to ReadPixels/.test(message.text())) return;
      if (message.type() === 'error' || (message.type() === 'warning' && /WebGL|GL_/.test(message.text()))) problems.push(message.text());
    });
    await page.goto(`${server.origin}/lab.html`);
    await page.waitForFunction('globalThis.__lab?.ready === true', null, { timeout: 60_000 });

    const context = createRuntimeContext({ log: () => {} });
    try {
      for (const name of CASES) {
        const dir = join(ZOO, name);
        const model = await loadModelUnderTest(join(dir, 'model.onnx'));
        const result = await runParity({
          model, modelName: dir, inputs: inputsFromTestCase(dir, model.io), runtimes: COMPARED.map((r) => findRuntime(r, '--runtimes')),
          reference: { expected: true }, tolerance: () => ({ atol: 1e-4, rtol: 1e-3 }), require: null, context,
        });
        cli.set(name, JSON.parse(JSON.stringify(parityJson(result))) as JsonResult);
      }
    } finally {
      await context.closeShared();
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('names this browser and its GPU adapters', async () => {
    const env = (await lab((l) => l.environment))!;
    expect(env.browser).toMatch(/^Chrom(e|ium) \d+/);
    expect(env.adapter.webgl).toMatch(/SwiftShader|ANGLE/);
    expect(env.crossOriginIsolated).toBe(true);
    expect(await page.textContent('#lab-webgl')).toBe(env.adapter.webgl);
  });

  it.each(CASES)('%s: dropped as a folder, the same numbers as verify-parity', async (name) => {
    await load('folder', join(ZOO, name), `${name}/model.onnx`);
    const json = await run({ runtimes: COMPARED, reference: 'expected', atol: '1e-4', rtol: '1e-3' });
    const want = cli.get(name)!;
    expect(json.reference).toBe('expected');
    for (const runtime of COMPARED) {
      const mine = json.runtimes.find((r) => r.name === runtime)!;
      const theirs = want.runtimes.find((r) => r.name === runtime)!;
      expect(mine.available, `${runtime}: ${mine.error ?? ''} / CLI: ${theirs.error ?? ''}`).toBe(theirs.available);
      expect(mine.available, `${runtime} runs every zoo model`).toBe(true);
    }
    const key = (c: JsonComparison) => `${c.runtime}/${c.output}`;
    expect(json.comparisons.map(key)).toEqual(want.comparisons.map(key));
    for (const c of want.comparisons) {
      const mine = json.comparisons.find((x) => key(x) === key(c))!;
      expect(Math.abs(mine.maxAbsDiff - c.maxAbsDiff), `${key(c)} max |d| ${mine.maxAbsDiff} vs ${c.maxAbsDiff}`).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(mine.meanAbsDiff - c.meanAbsDiff)).toBeLessThanOrEqual(1e-6);
      expect(mine.pass).toBe(c.pass);
    }
    expect(json.comparisons.filter((c) => c.runtime === 'ort-web-browser').every((c) => c.pass), 'ort-web-browser reproduces PyTorch').toBe(true);
    const rows = await page.$$eval('#lab-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-runtime')));
    expect(new Set(rows)).toEqual(new Set(['expected', ...COMPARED]));
    await screenshot(name);
  });

  it('takes a dropped zip, runs every runtime of this browser, and its JSON merges with a CLI run', async () => {
    const zip = zipSync(filesUnder(join(ZOO, 'two-heads')));
    const dataTransfer = await page.evaluateHandle((bytes) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], 'two-heads.zip', { type: 'application/zip' }));
      return transfer;
    }, [...zip]);
    await page.dispatchEvent('#lab-drop-zone', 'drop', { dataTransfer });
    await page.waitForFunction('globalThis.__lab.loaded?.name === "two-heads/model.onnx"', null, { timeout: 30_000 });
    allowReadPixelsStall = true;
    const webgl = await run({ runtimes: ['ort-web-webgl'], reference: 'expected', atol: '1e-4', rtol: '1e-3' });
    allowReadPixelsStall = false;
    // The WebGL EP takes fixed shapes only: the lab binds the symbolic batch to the fed one.
    expect(webgl.runtimes.find((r) => r.name === 'ort-web-webgl')!.provider).toMatch(/WebGL execution provider on .*symbolic dims bound to the fed shapes \(batch=2\)$/);
    expect(webgl.comparisons.map((c) => c.pass)).toEqual([true, true]);

    const json = await run({ runtimes: ['ort-web-browser', 'ort-web-webgpu', 'engine-webgl2', 'engine-cpu'], reference: 'expected', atol: '1e-4', rtol: '1e-3' });
    await screenshot('two-heads-all-runtimes');
    expect(json.runtimes.map((r) => r.name)).toEqual(['expected', 'ort-web-browser', 'ort-web-webgpu', 'engine-webgl2', 'engine-cpu']);
    for (const r of json.runtimes.filter((x) => x.name !== 'expected')) {
      // Each ran (what ran is named, with its adapter) or says why not: never dropped.
      if (r.available && !r.error) expect(r.provider).toBeTruthy();
      else expect(await page.textContent(`#lab-table tr[data-runtime="${r.name}"] td.reason`)).toBe(r.error);
    }
    expect(json.runtimes.find((r) => r.name === 'ort-web-webgpu')!.provider).toContain(json.adapter!.webgpu!);
    expect(json.comparisons.filter((c) => c.runtime === 'engine-webgl2').map((c) => c.pass)).toEqual([true, true]);
    expect(json.browser).toMatch(/^Chrom/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#lab-download-json')]);
    const pageFile = join(work, 'lab-two-heads.json');
    await download.saveAs(pageFile);
    expect(JSON.parse(readFileSync(pageFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(json)));

    const cliRun = await runBin('verify-parity', [join(ZOO, 'two-heads'), '--runtimes', 'ort-node,ort-web-browser', '--atol', '1e-4', '--rtol', '1e-3', '--json']);
    expect(cliRun.code, cliRun.stderr).toBe(0);
    const cliFile = join(work, 'cli-two-heads.json');
    writeFileSync(cliFile, cliRun.stdout);
    const merged = await runBin('verify-parity', ['--merge', cliFile, pageFile]);
    expect(merged.stderr).toBe('');
    expect(merged.stdout).toContain(`[2] ${pageFile}: model two-heads/model.onnx, reference expected`);
    expect(merged.stdout).toContain(`    on: ${json.browser}; WebGPU: ${json.adapter!.webgpu}; WebGL: ${json.adapter!.webgl}`);
    const browserRow = merged.stdout.split('\n').find((l) => /^ort-web-browser +output0 /.test(l))!;
    const cliDiff = (JSON.parse(cliRun.stdout) as JsonResult).comparisons.find((c) => c.runtime === 'ort-web-browser' && c.output === 'output0')!.maxAbsDiff;
    expect(browserRow.match(/pass \S+/g)).toEqual([`pass ${cliDiff === 0 ? '0' : cliDiff.toExponential(2)}`, `pass ${cliDiff === 0 ? '0' : json.comparisons.find((c) => c.runtime === 'ort-web-browser' && c.output === 'output0')!.maxAbsDiff.toExponential(2)}`]);
    expect(merged.code).toBe(json.comparisons.every((c) => c.pass) ? 0 : 1);
  });

  it('hands the run on as a test case zip that verify-parity replays against onnxruntime-node', async () => {
    await load('folder', join(ZOO, 'token-classifier'), 'token-classifier/model.onnx');
    const json = await run({ runtimes: ['ort-web-browser'], reference: 'ort-web-browser', source: 'random' }).catch(async () => null);
    // Integer ids need a range: the run refuses, naming the flag, until one is given.
    expect(json).toBeNull();
    expect(await lab((l) => l.runError)).toMatch(/integer input "ids" int64 \[batch,12\] needs a value range: --range NAME=LO,HI \(e.g. token ids: --range ids=0,VOCAB_SIZE\)/);
    await page.fill('input[name="range:ids"]', '0,1000');
    await page.fill('input[name="shape:ids"]', '3,12');
    await page.fill('input[name=seed]', '7');
    const result = await run({ runtimes: ['ort-web-browser', 'engine-cpu'], reference: 'ort-web-browser', source: 'random' });
    expect(result.reference).toBe('ort-web-browser');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#lab-download-case')]);
    const zipFile = join(work, 'case.zip');
    await download.saveAs(zipFile);
    const caseDir = join(work, 'case');
    for (const [path, data] of Object.entries(unzipSync(readFileSync(zipFile)))) {
      mkdirSync(dirname(join(caseDir, path)), { recursive: true });
      writeFileSync(join(caseDir, path), data);
    }
    const replay = await runBin('verify-parity', [join(caseDir, 'token-classifier'), '--runtimes', 'ort-node', '--json']);
    expect(replay.code, replay.stderr).toBe(0);
    const replayed = JSON.parse(replay.stdout) as JsonResult & { source: string };
    expect(replayed.reference).toBe('expected');
    expect(replayed.source).toMatch(/1 test data set \(3 rows\)/);
    expect(replayed.comparisons[0]!.maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });

  it('finds the first diverging node of a failing runtime, as verify-parity --bisect does', async () => {
    await load('folder', join(ZOO, 'two-heads'), 'two-heads/model.onnx');
    // At atol = rtol = 0 every float32 rounding difference fails: onnxruntime-web against our float64 engine.
    const json = await run({ runtimes: ['ort-web-browser', 'engine-reference'], reference: 'engine-reference', atol: '0', rtol: '0', source: 'test-case' });
    expect(json.pass).toBe(false);
    const before = await lab((l) => l.bisects);
    await page.click('#lab-bisect');
    await page.waitForFunction(`globalThis.__lab.bisects > ${before}`, null, { timeout: 120_000, polling: 100 });
    await screenshot('two-heads-bisect');
    type Bisect = { runtime: string; reference: string; firstDivergence: { index: number; node: string; opType: string; maxAbsDiff: number; inputs: { name: string; maxAbsDiff: number }[] } | null };
    const [mine] = ((await lab((l) => l.json)) as unknown as { bisect: Bisect[] }).bisect;
    const cliRun = await runBin('verify-parity', [join(ZOO, 'two-heads'), '--runtimes', 'ort-web-browser,engine-reference', '--reference', 'engine-reference', '--atol', '0', '--rtol', '0', '--bisect', '--json']);
    expect(cliRun.code, cliRun.stderr).toBe(1);
    const [theirs] = (JSON.parse(cliRun.stdout) as { bisect: Bisect[] }).bisect;
    expect(mine!.runtime).toBe('ort-web-browser');
    expect(mine!.reference).toBe(theirs!.reference);
    const first = mine!.firstDivergence!;
    expect({ index: first.index, node: first.node, opType: first.opType }).toEqual({ index: theirs!.firstDivergence!.index, node: theirs!.firstDivergence!.node, opType: theirs!.firstDivergence!.opType });
    expect(Math.abs(first.maxAbsDiff - theirs!.firstDivergence!.maxAbsDiff)).toBeLessThanOrEqual(1e-6);
    expect(first.inputs.map((i) => i.name)).toEqual(theirs!.firstDivergence!.inputs.map((i) => i.name));
    expect(await page.textContent('#lab-bisect-result .first-divergence')).toContain(`#${first.index} "${first.node}" (${first.opType})`);
  });

  it('takes a model with its external data file, for every runtime', async () => {
    const model = join(fixturesDir, 'torch', 'torch-seed-arch-adam-dynamo.onnx');
    await load('files', [model, `${model}.data`], 'torch-seed-arch-adam-dynamo.onnx');
    expect(await page.textContent('#lab-model-facts')).toContain('external data: torch-seed-arch-adam-dynamo.onnx.data');
    const json = await run({ runtimes: ['ort-web-browser', 'engine-webgl2', 'engine-cpu'], reference: 'ort-web-browser', source: 'random' });
    expect(json.comparisons.map((c) => `${c.runtime}: ${c.pass}`)).toEqual(['engine-webgl2: true', 'engine-cpu: true']);
    // Without its data file the model is refused in one line naming the file.
    await page.evaluate('globalThis.__lab.loaded = null');
    await page.setInputFiles('#lab-files', model);
    await page.waitForFunction('globalThis.__lab.loaded?.error !== undefined', null, { timeout: 30_000 });
    expect(await lab((l) => l.loaded)).toEqual({ error: 'torch-seed-arch-adam-dynamo.onnx: its weights are in external file "torch-seed-arch-adam-dynamo.onnx.data", not given with it (give the model\'s whole folder, or a zip of it)' });
  });

  it('feeds image files to an image model by the CLI\'s recipe: the tensor preprocessImageFor makes in Node', async () => {
    await load('folder', join(ZOO, 'mobilenet_v2'), 'mobilenet_v2/model.onnx');
    const flags = { resize: '256', 'center-crop': '224', mean: '0.485,0.456,0.406', std: '0.229,0.224,0.225' };
    for (const [name, value] of Object.entries(flags)) await page.fill(`input[name="${name}"]`, value);
    await page.setInputFiles('#lab-images', IMAGE);
    const json = await run({ runtimes: ['ort-web-browser', 'engine-cpu'], reference: 'ort-web-browser', source: 'images' });
    const model = await loadModelUnderTest(join(ZOO, 'mobilenet_v2', 'model.onnx'));
    const { recipe, description } = recipeForModel(model.io, parseImageFlags(flags), 'mobilenet_v2');
    const node = await preprocessImageFor(IMAGE, recipe);
    const seen = await page.evaluate('Array.from(globalThis.__lab.feeds.get("input").data)') as number[];
    expect(Float32Array.from(seen), 'the 224x224 input tensor').toEqual(node.tensor);
    expect((json as JsonResult & { source: string }).source).toBe(`1 image file (${description})`);
    expect(json.comparisons.map((c) => `${c.runtime}: ${c.pass}`)).toEqual(['engine-cpu: true']);
  });

  it('keeps a row, with the reason, for a model our engine cannot read', async () => {
    const file = join(work, 'if-model.onnx');
    writeFileSync(file, ifModel());
    await load('files', file, 'if-model.onnx');
    const json = await run({ runtimes: ['ort-web-browser', 'engine-cpu', 'engine-reference'], reference: 'ort-web-browser', source: 'random' });
    await screenshot('unreadable-model');
    for (const name of ['engine-cpu', 'engine-reference']) {
      const row = json.runtimes.find((r) => r.name === name)!;
      expect(row.available).toBe(false);
      expect(row.error).toMatch(/node "choose" \(If\): attribute "then_branch" is a subgraph; control flow \(If, Loop, Scan\) is not supported/);
      expect(await page.textContent(`#lab-table tr[data-runtime="${name}"] td.reason`)).toBe(row.error);
    }
  });

  it('said nothing on the console', () => {
    expect(problems).toEqual([]);
  });
});

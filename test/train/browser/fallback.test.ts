/**
 * When WebGL2 training cannot happen — Chromium has no WebGL, or there is no Chromium
 * — trainInBrowser says why in one line and runs the very same training on the CPU
 * model it was given. `--backend auto` never starts a browser from Node.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createReferenceBackend } from '../../../src/graph/backends/reference/index.js';
import { selectBackend } from '../../../src/graph/backends/select.js';
import { buildModel } from '../../../src/graph/models/build.js';
import { createLenetSpec } from '../../../src/graph/models/lenet.js';
import { trainInBrowser } from '../../../src/train/browser/browser-training.js';
import { DEFAULT_CONFIG, type TrainConfig } from '../../../src/train/config.js';
import { createOptimizer, train, type TrainRun } from '../../../src/train/trainer.js';
import { requireChromium } from '../../browser/harness.js';
import { syntheticDataset } from '../../helpers/synthetic-data.js';

const config: TrainConfig = { ...DEFAULT_CONFIG, epochs: 1, batchSize: 16, optimizer: 'adam', lr: 3e-3, warmupEpochs: 0, augment: false };

/** A four-step run on the reference backend, recording its losses. */
function tinyRun(): { run: TrainRun; losses: number[] } {
  const model = buildModel(createLenetSpec('lenet5', 1), createReferenceBackend('float32'));
  const losses: number[] = [];
  const run: TrainRun = {
    model, optimizer: createOptimizer(model, config), config, data: syntheticDataset(64, 16), start: { epoch: 0, step: 0 }, history: [],
    hooks: { onStep: (s) => losses.push(s.loss) },
  };
  return { run, losses };
}

describe('trainInBrowser without WebGL2', () => {
  const savedPath = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (savedPath === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = savedPath;
  });

  it('a Chromium without WebGL: one line says why, and the same run trains on the CPU', async () => {
    requireChromium();
    const lines: string[] = [];
    const fallen = tinyRun();
    // Without GPU and software rasterizer, Chromium offers no WebGL at all.
    const outcome = await trainInBrowser(fallen.run, { log: (l) => lines.push(l), cpuBackend: 'reference', launch: { extraArgs: ['--disable-software-rasterizer'] } });
    expect(lines).toEqual([expect.stringMatching(/^backend: webgl2 not used: WebGL2 unavailable in Chromium [\d.]+ \(.+\); training on the CPU backend instead \(reference\)$/)]);
    expect(outcome.stoppedAt).toBeNull();
    expect(outcome.history).toHaveLength(1);

    const direct = tinyRun();
    await train(direct.run);
    expect(fallen.losses).toEqual(direct.losses);
  });

  it('no Chromium: the one line names the missing executable', async () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    const lines: string[] = [];
    const { run } = tinyRun();
    const outcome = await trainInBrowser(run, { log: (l) => lines.push(l), cpuBackend: 'reference' });
    expect(lines).toEqual([expect.stringMatching(/^backend: webgl2 not used: Chromium not found at \/nonexistent\/chromium.*; training on the CPU backend instead \(reference\)$/)]);
    expect(outcome.history).toHaveLength(1);
  });

  it('auto in Node is the CPU backend and says so; webgl2 in Node points to train-and-export', async () => {
    const auto = await selectBackend('auto', { threads: 1 });
    expect(auto.reason).toMatch(/^auto: CPU \(WebGL2 needs a browser\)/);
    expect(auto.backend.name).toMatch(/^cpu/);
    await expect(selectBackend('webgl2')).rejects.toThrow(/only train-and-export drives one from Node/);
  });
});

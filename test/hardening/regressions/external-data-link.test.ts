/**
 * Regression (fuzz, onnx seed 7 case 791): verify-parity and predict (loadModelUnderTest)
 * followed a symlink in the model's folder to external data outside it, which the
 * engine's importer already refused. Both now refuse it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../../../src/export/index.js';
import { loadModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { fixturesDir } from '../../helpers/paths.js';

const DYNAMO = 'torch-seed-arch-adam-dynamo.onnx';
const work = mkdtempSync(join(tmpdir(), 'lenet-link-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The dynamo fixture, its weights file replaced by a link to a copy one folder up. */
function modelWithEscapingLink(): string {
  const folder = join(work, 'model');
  mkdirSync(folder);
  copyFileSync(join(fixturesDir, 'torch', DYNAMO), join(folder, DYNAMO));
  copyFileSync(join(fixturesDir, 'torch', `${DYNAMO}.data`), join(work, 'outside.data'));
  symlinkSync(join(work, 'outside.data'), join(folder, `${DYNAMO}.data`));
  return join(folder, DYNAMO);
}

describe('external data behind a link that leaves the model folder', () => {
  const model = modelWithEscapingLink();

  it('loadModelUnderTest (verify-parity, predict) refuses it', async () => {
    await expect(loadModelUnderTest(model)).rejects.toThrow(`${model}: external data "${DYNAMO}.data" lies outside the model's folder`);
  });

  it('loadOnnx (the engine importer) refuses it too', () => {
    expect(() => loadOnnx(model)).toThrow(/leaves the model's folder/);
  });

  it('the same files without the link load', async () => {
    const folder = join(work, 'plain');
    mkdirSync(folder);
    for (const name of [DYNAMO, `${DYNAMO}.data`]) copyFileSync(join(fixturesDir, 'torch', name), join(folder, name));
    const loaded = await loadModelUnderTest(join(folder, DYNAMO));
    expect(loaded.externalData.map((f) => [f.path, f.data.length])).toEqual([[`${DYNAMO}.data`, 247_896]]);
  });
});

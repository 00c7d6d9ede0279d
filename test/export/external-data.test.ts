/**
 * External data is resolved relative to the model's folder and bounds-checked against
 * the real file before reading; anything else is a one-line error naming the tensor.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOnnx } from '../../src/export/index.js';
import { decodeModelProto, encodeModelProto, type ModelProto } from '../../src/export/onnx-proto.js';
import { ToolError } from '../../src/util/errors.js';
import { fixturesDir } from '../helpers/paths.js';

const DATA = 'torch-seed-arch-adam-dynamo.onnx.data';
const original = readFileSync(join(fixturesDir, 'torch', 'torch-seed-arch-adam-dynamo.onnx'));
const root = mkdtempSync(join(tmpdir(), 'export-external-'));
const dir = join(root, 'model');
mkdirSync(dir);
copyFileSync(join(fixturesDir, 'torch', DATA), join(dir, DATA));
writeFileSync(join(root, 'outside.data'), new Uint8Array(300_000));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** Write a copy of the dynamo model whose tensor "0.weight" has these external_data entries. */
function variant(entries: Record<string, string>, mutate: (m: ModelProto) => void = () => {}): string {
  const model = decodeModelProto(original, 'fixture');
  const t = model.graph!.initializer!.find((i) => i.name === '0.weight')!;
  t.externalData = Object.entries(entries).map(([key, value]) => ({ key, value }));
  mutate(model);
  const path = join(dir, `variant-${counter++}.onnx`);
  writeFileSync(path, encodeModelProto(model));
  return path;
}

function expectLoadError(path: string, pattern: RegExp): void {
  let error: unknown;
  try {
    loadOnnx(path);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ToolError);
  expect((error as Error).message).not.toContain('\n');
  expect((error as Error).message).toMatch(pattern);
}

describe('external data', () => {
  it('loads from a copy in another folder (resolved relative to the model, not the cwd)', () => {
    const path = variant({ location: DATA, offset: '816', length: '1800' });
    expect(loadOnnx(path).params['net.0.weight']!.shape).toEqual([6, 3, 5, 5]);
  });

  it('accepts a location in a subfolder', () => {
    mkdirSync(join(dir, 'weights'), { recursive: true });
    copyFileSync(join(dir, DATA), join(dir, 'weights', 'w.data'));
    expect(() => loadOnnx(variant({ location: 'weights/w.data', offset: '816', length: '1800' }))).not.toThrow();
  });

  it('refuses locations that leave the model folder', () => {
    expectLoadError(variant({ location: '../outside.data', offset: '0', length: '1800' }), /tensor "0\.weight": external data location "\.\.\/outside\.data" leaves the model's folder/);
    expectLoadError(variant({ location: 'weights/../../outside.data' }), /leaves the model's folder/);
    expectLoadError(variant({ location: join(root, 'outside.data') }), /must be a relative path/);
    symlinkSync(join(root, 'outside.data'), join(dir, 'link.data'));
    expectLoadError(variant({ location: 'link.data', offset: '0', length: '1800' }), /"link\.data" leaves the model's folder/);
  });

  it('refuses missing files, folders and malformed entries', () => {
    expectLoadError(variant({ location: 'nope.data' }), /external data file "nope\.data" not found next to the model/);
    expectLoadError(variant({ location: 'weights' }), /"weights" is not a file/);
    expectLoadError(variant({ location: DATA, offset: '12abc' }), /offset "12abc" is not a byte count/);
    expectLoadError(variant({ offset: '0' }), /external data without a location/);
  });

  it('checks offset and length against the dims and the real file size', () => {
    expectLoadError(variant({ location: DATA, offset: '816', length: '1799' }), /external data length 1799 does not match its dims \(1800 bytes\)/);
    expectLoadError(variant({ location: DATA, offset: '247000' }), /external data \[247000, 248800\) lies beyond the end of "torch-seed-arch-adam-dynamo\.onnx\.data" \(247896 bytes\)/);
    expectLoadError(variant({ location: DATA, offset: '99999999999' }), /lies beyond the end/);
    writeFileSync(join(dir, 'short.data'), readFileSync(join(dir, DATA)).subarray(0, 1000));
    expectLoadError(variant({ location: 'short.data', offset: '816' }), /lies beyond the end of "short\.data" \(1000 bytes\)/);
  });

  it('refuses absurd declared sizes before reading anything', () => {
    const huge = (dims: number[]) => (m: ModelProto) => {
      m.graph!.initializer!.find((i) => i.name === '0.weight')!.dims = dims;
    };
    expectLoadError(variant({ location: DATA }, huge([100000, 100000, 3, 5])), /declared size \[100000,100000,3,5\] is absurdly large/);
    expectLoadError(variant({ location: DATA }, huge([6, 3, 5, 5000])), /lies beyond the end/);
  });
});

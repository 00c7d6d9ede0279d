import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSavedOutputsMatch, formatOutputsFile, loadOutputsFile, parseOutputsFile, saveOutputsFile, type OutputsToSave } from '../../../src/runtime/parity/outputs-file.js';
import { readTorchLogits, TORCH_LOGITS } from '../torch-fixture.js';

const sample: OutputsToSave = {
  model: 'm.onnx',
  runtime: 'engine-cpu',
  provider: 'engine',
  preprocessing: 'ToTensor',
  images: ['a.png', 'b.png'],
  kind: 'logits',
  values: Float32Array.from([Math.fround(0.1), -3.25, Math.fround(1 / 3), NaN, Infinity, -Infinity]),
  classes: 3,
};

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer.slice(0)));

describe('outputs file', () => {
  it('round-trips float32 values bit for bit, NaN and infinities included', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'outputs-')), 'out.json');
    saveOutputsFile(path, sample);
    const read = await loadOutputsFile(path);
    expect(read).toMatchObject({ kind: 'logits', rows: 2, classes: 3, images: ['a.png', 'b.png'], producedBy: 'engine-cpu', model: 'm.onnx' });
    expect(bits(read.values)).toEqual(bits(sample.values));
  });

  it('writes one row per line, non-finite values as strings', () => {
    const text = formatOutputsFile(sample);
    expect(text).toContain('"format": "lenet-portable/outputs@1"');
    expect(text).toContain('    [0.10000000149011612,-3.25,0.3333333432674408],\n');
    expect(text).toContain('["NaN","Infinity","-Infinity"]');
    expect(() => JSON.parse(text)).not.toThrow();
  });

  it('reads the PyTorch fixture as written by Python json.dump', async () => {
    const torch = await readTorchLogits();
    const read = await loadOutputsFile(TORCH_LOGITS);
    expect(read.rows).toBe(64);
    expect(read.classes).toBe(10);
    expect(read.values[0]).toBe(Math.fround(torch.logits[0]![0]!));
    expect(read.images![63]).toBe('cifar10-jpg/test/airplane/0063.jpg');
  });

  it.each([
    ['{"logits": [[1,2],[3]]}', /"logits"\[1\] must hold 2 numbers/],
    ['{"logits": [[1,2]], "probabilities": [[0.5,0.5]]}', /exactly one of "logits" or "probabilities"/],
    ['{"logits": [[1,"x"]]}', /"logits"\[0\]\[1\] is not a number/],
    ['{"logits": []}', /non-empty array of rows/],
    ['{"logits": [[1]], "images": ["a", "b"]}', /2 image names for 1 rows/],
    ['[1,2]', /expected a JSON object/],
    ['{not json', /f\.json: not JSON/],
  ])('refuses %s in one line', (text, message) => {
    expect(() => parseOutputsFile(text, 'f.json')).toThrow(message);
  });

  it('matches image names exactly or as path suffixes, and names the first mismatch', () => {
    const saved = parseOutputsFile('{"images": ["test/cat/1.jpg", "test/dog/2.jpg"], "logits": [[1],[2]]}', 'f.json');
    expect(() => checkSavedOutputsMatch(saved, ['/tmp/x/test/cat/1.jpg', 'test/dog/2.jpg'], 'f.json')).not.toThrow();
    expect(() => checkSavedOutputsMatch(saved, ['/tmp/x/test/cat/1.jpg', '/tmp/x/test/dog/3.jpg'], 'f.json')).toThrow(
      'f.json: row 1 is "test/dog/2.jpg", but image 1 here is "/tmp/x/test/dog/3.jpg"',
    );
    expect(() => checkSavedOutputsMatch(saved, ['/tmp/xtest/cat/1.jpg', 'test/dog/2.jpg'], 'f.json')).toThrow(/row 0/); // suffix only at a "/"
    expect(() => checkSavedOutputsMatch(saved, ['a'], 'f.json')).toThrow(/outputs for 2 images, but 1 are being checked/);
  });
});

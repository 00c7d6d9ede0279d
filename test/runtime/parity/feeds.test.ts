import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../../src/export/npy.js';
import { encodeTensorProtoFile } from '../../../src/export/host-tensor-proto.js';
import { toFloat64, type HostTensor } from '../../../src/graph/host-tensor.js';
import { readModelIO, type TensorInfo } from '../../../src/runtime/model-io.js';
import { checkFeeds } from '../../../src/runtime/parity/feed-check.js';
import { parseInputFlags, readInputFiles } from '../../../src/runtime/parity/input-files.js';
import { bindShapes, parseRangeFlags, parseShapeFlags, randomFeeds } from '../../../src/runtime/parity/random-feeds.js';
import { inputsFromTestCase } from '../../../src/runtime/parity/test-case-inputs.js';
import { fixturesDir } from '../../helpers/paths.js';

const ZOO = join(fixturesDir, 'zoo');
const ioOf = (name: string) => readModelIO(readFileSync(join(ZOO, name, 'model.onnx')), name);
const sum = (t: HostTensor) => toFloat64(t).reduce((a, b) => a + b, 0);
const work = mkdtempSync(join(tmpdir(), 'feeds-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('test case folders', () => {
  it('reads two inputs and two expected outputs by name (values as numpy reads them)', async () => {
    const io = ioOf('two-heads');
    const inputs = inputsFromTestCase(join(ZOO, 'two-heads'), io);
    const [set, ...more] = inputs.sets;
    expect(more).toEqual([]);
    expect(set!.name).toBe('test_data_set_0');
    expect(inputs).toMatchObject({ kind: 'test-case', count: 2, names: ['test_data_set_0[0]', 'test_data_set_0[1]'] });
    expect([...set!.feeds.keys()]).toEqual(['img', 'meta']);
    expect(set!.feeds.get('img')!.dims).toEqual([2, 3, 48, 48]);
    expect(sum(set!.feeds.get('img')!)).toBeCloseTo(6943.864546537399, 6);
    expect(sum(set!.feeds.get('meta')!)).toBeCloseTo(-2.045478016138077, 9);
    expect([...set!.expected!.keys()]).toEqual(['output0', 'output1']);
    expect(Array.from(set!.expected!.get('output1')!.data as Float32Array)).toEqual([Math.fround(0.416087806224823), Math.fround(0.45924773812294006)]);
  });

  it('reads int64 token ids', async () => {
    const [set] = inputsFromTestCase(join(ZOO, 'token-classifier'), ioOf('token-classifier')).sets;
    const ids = set!.feeds.get('ids')!;
    expect(ids.type).toBe('int64');
    expect(Array.from(ids.data as BigInt64Array).slice(0, 3)).toEqual([413n, 405n, 817n]);
    expect(sum(ids)).toBe(10777);
  });

  it('matches tensors by position, as ONNX\'s runner does, and says when there are too many', async () => {
    const dir = join(work, 'positional');
    mkdirSync(join(dir, 'test_data_set_0'), { recursive: true });
    const io = ioOf('two-heads');
    const meta: HostTensor = { type: 'float32', dims: [1, 8], data: new Float32Array(8).fill(2) };
    const img: HostTensor = { type: 'float32', dims: [1, 3, 48, 48], data: new Float32Array(3 * 48 * 48) };
    writeFileSync(join(dir, 'test_data_set_0', 'input_0.pb'), encodeTensorProtoFile('', img));
    writeFileSync(join(dir, 'test_data_set_0', 'input_1.pb'), encodeTensorProtoFile('', meta));
    const [set] = inputsFromTestCase(dir, io).sets;
    expect(set!.feeds.get('meta')!.data[0]).toBe(2);
    expect(set!.expected).toBeNull();
    writeFileSync(join(dir, 'test_data_set_0', 'input_2.pb'), encodeTensorProtoFile('', meta));
    expect(() => inputsFromTestCase(dir, io)).toThrow(`${join(dir, 'test_data_set_0')}: 3 input_K.pb files, the model has 2`);
  });

  it('refuses a folder without data sets', async () => {
    const dir = join(work, 'empty-case');
    mkdirSync(dir);
    copyFileSync(join(ZOO, 'two-heads', 'model.onnx'), join(dir, 'model.onnx'));
    expect(() => inputsFromTestCase(dir, ioOf('two-heads'))).toThrow(`${dir}: no test_data_set_N folders`);
  });
});

describe('--input NAME=FILE', () => {
  const io = ioOf('token-classifier');
  it('reads .npy, .pb and .json, each checked against the model', async () => {
    const ids: HostTensor = { type: 'int64', dims: [1, 12], data: BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i * 7)) };
    writeFileSync(join(work, 'ids.npy'), encodeNpy(ids));
    writeFileSync(join(work, 'ids.pb'), encodeTensorProtoFile('ids', ids));
    writeFileSync(join(work, 'ids.json'), JSON.stringify([Array.from({ length: 12 }, (_, i) => i * 7)]));
    for (const file of ['ids.npy', 'ids.pb', 'ids.json']) {
      const { feeds, origins } = await readInputFiles(parseInputFlags([`ids=${join(work, file)}`]), io.inputs);
      expect(feeds.get('ids')).toEqual(ids);
      expect(() => checkFeeds(io.inputs, feeds, (n) => origins.get(n)!)).not.toThrow();
    }
  });

  it('names the flag and the mismatch when the type is wrong', async () => {
    const wrong: HostTensor = { type: 'int32', dims: [1, 12], data: new Int32Array(12) };
    writeFileSync(join(work, 'ids32.npy'), encodeNpy(wrong));
    const spec = `ids=${join(work, 'ids32.npy')}`;
    const { feeds, origins } = await readInputFiles(parseInputFlags([spec]), io.inputs);
    expect(() => checkFeeds(io.inputs, feeds, (n) => origins.get(n)!)).toThrow(`--input ${spec}: int32 [1,12], but the model's input "ids" int64 [batch,12] is int64`);
  });

  it('a lone FILE feeds the only input; an unknown extension is one line', async () => {
    writeFileSync(join(work, 'x.txt'), '1');
    await expect(readInputFiles(parseInputFlags([join(work, 'x.txt')]), io.inputs)).rejects.toThrow(`--input ${join(work, 'x.txt')}: the file must end in .npy, .pb or .json`);
  });
});

describe('seeded random inputs', () => {
  it('needs a range for integer inputs and says so', () => {
    const io = ioOf('token-classifier');
    expect(() => randomFeeds(io.inputs, { shapes: new Map(), ranges: new Map(), seed: 0 })).toThrow(
      'integer input "ids" int64 [batch,12] needs a value range: --range NAME=LO,HI (e.g. token ids: --range ids=0,VOCAB_SIZE), or real values with --input NAME=FILE',
    );
    const { feeds, source } = randomFeeds(io.inputs, { shapes: new Map(), ranges: parseRangeFlags(['ids=0,1000'], io.inputs), seed: 3 });
    const ids = Array.from(feeds.get('ids')!.data as BigInt64Array, Number);
    expect(feeds.get('ids')!.dims).toEqual([1, 12]);
    expect(ids.every((v) => v >= 0 && v < 1000 && Number.isInteger(v))).toBe(true);
    expect(source).toBe('seeded random inputs (seed 3): ids int64 [1,12] in [0, 1000)');
  });

  it('binds a shared symbolic dim once for every input, and is reproducible', () => {
    const io = ioOf('two-heads');
    const shapes = parseShapeFlags(['img=4,3,48,48'], io.inputs);
    const a = randomFeeds(io.inputs, { shapes, ranges: new Map(), seed: 1 });
    const b = randomFeeds(io.inputs, { shapes, ranges: new Map(), seed: 1 });
    expect(a.feeds.get('meta')!.dims).toEqual([4, 8]);
    expect(a.feeds).toEqual(b.feeds);
  });

  it('lists every dim left to bind in one line', () => {
    const inputs: TensorInfo[] = [{ name: 'x', type: 'float32', typeName: 'float32', dims: ['batch', 'seq', 64] }];
    expect(() => bindShapes(inputs, new Map())).toThrow('bind the dynamic dims with --shape NAME=D0,D1,...: "x" float32 [batch,seq,64]: seq');
    expect(() => parseShapeFlags(['y=1,2'], inputs)).toThrow('--shape y=1,2: the model has no input "y" (inputs: x)');
    expect(bindShapes(inputs, parseShapeFlags(['x=2,7,64'], inputs)).get('x')).toEqual([2, 7, 64]);
  });
});

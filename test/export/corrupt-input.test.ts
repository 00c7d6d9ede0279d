/**
 * Bad bytes never crash, hang or allocate wildly: corrupt, truncated or inconsistent
 * models give a one-line ToolError (or, when a flipped bit lands in a weight, a model).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectOnnx, readOnnx } from '../../src/export/index.js';
import { DataType, decodeModelProto, encodeModelProto, type ModelProto, type TensorProto } from '../../src/export/onnx-proto.js';
import { ToolError } from '../../src/util/errors.js';
import { fixturesDir } from '../helpers/paths.js';
import { seededFloats } from './helpers/runtimes.js';

const legacy = new Uint8Array(readFileSync(join(fixturesDir, 'torch', 'torch-seed-arch-adam-legacy.onnx')));

function outcome(bytes: Uint8Array): 'ok' | string {
  try {
    readOnnx(bytes, { source: 'bad.onnx' });
    return 'ok';
  } catch (err) {
    if (!(err instanceof ToolError)) throw err;
    expect(err.message.startsWith('bad.onnx')).toBe(true);
    expect(err.message).not.toContain('\n');
    return err.message;
  }
}

function withInitializer(mutate: (t: TensorProto) => void, name = '8.weight'): Uint8Array {
  const model: ModelProto = decodeModelProto(legacy, 'fixture');
  mutate(model.graph!.initializer!.find((t) => t.name === name)!);
  return encodeModelProto(model);
}

describe('corrupt and inconsistent models', () => {
  it('empty and random bytes', () => {
    expect(outcome(new Uint8Array())).toBe('bad.onnx: empty file, not an ONNX model');
    for (let seed = 1; seed <= 20; seed++) {
      const noise = Uint8Array.from(seededFloats(2000, seed), (v) => Math.floor(v * 256));
      expect(outcome(noise)).not.toBe('ok');
    }
  });

  it('every truncation of a real model is refused', () => {
    for (const cut of [1, 2, 10, 100, 1000, 5000, 20000, 100000, 200000, legacy.length - 300, legacy.length - 10, legacy.length - 1]) {
      expect(outcome(legacy.subarray(0, cut)), `cut at ${cut}`).not.toBe('ok');
    }
  });

  it('a length prefix claiming gigabytes is refused without allocating them', () => {
    // Field 7 (graph), wire type 2, length varint 0xFFFFFFF (256 MiB) followed by 3 bytes.
    expect(outcome(Uint8Array.from([0x3a, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3]))).toMatch(/not a valid ONNX protobuf/);
  });

  it('flipped bytes give a model or a ToolError, never a crash', () => {
    const rnd = seededFloats(400, 77);
    const results = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const copy = legacy.slice();
      // Half the flips land in the first 2 KB (graph structure), half anywhere (mostly weights).
      const span = i % 2 ? copy.length : 2048;
      copy[Math.floor(rnd[2 * i]! * span)]! ^= 1 + Math.floor(rnd[2 * i + 1]! * 255);
      results.add(outcome(copy) === 'ok' ? 'ok' : 'refused');
    }
    expect([...results].sort()).toEqual(['ok', 'refused']);
  });

  it('initializer sizes that do not match dims', () => {
    expect(outcome(withInitializer((t) => (t.rawData = t.rawData!.subarray(4))))).toBe('bad.onnx: tensor "8.weight": raw_data has 40316 bytes, its dims need 40320');
    expect(outcome(withInitializer((t) => (t.dims = [84, 121])))).toMatch(/raw_data has 40320 bytes, its dims need 40656/);
    expect(outcome(withInitializer((t) => ((t.rawData = new Uint8Array()), (t.floatData = [1, 2, 3]))))).toMatch(/float_data holds 3 values, its dims need 10080/);
    expect(outcome(withInitializer((t) => (t.dims = [84, -120])))).toMatch(/negative dimension/);
    expect(outcome(withInitializer((t) => (t.dims = [2 ** 40, 2 ** 40])))).toMatch(/declared size \[1099511627776,1099511627776\] is absurdly large/);
    expect(outcome(withInitializer((t) => (t.dataType = DataType.INT64)))).toMatch(/tensor "8\.weight" is INT64, expected a float type/);
  });

  it('float16, bfloat16 and float64 weights are converted to float32', () => {
    const f16 = withInitializer((t) => {
      t.dataType = DataType.FLOAT16;
      t.rawData = new Uint8Array(84 * 120 * 2);
      new DataView(t.rawData.buffer).setUint16(0, 0x3c00, true); // 1.0
      new DataView(t.rawData.buffer).setUint16(2, 0xc000, true); // -2.0
    });
    expect(Array.from(readOnnx(f16).params['net.8.weight']!.data.subarray(0, 3))).toEqual([1, -2, 0]);
    const f64 = withInitializer((t) => ((t.dataType = DataType.DOUBLE), (t.rawData = new Uint8Array()), (t.doubleData = Array.from({ length: 10080 }, (_, i) => i / 4))));
    expect(readOnnx(f64).params['net.8.weight']!.data[5]).toBe(1.25);
    const bf16 = withInitializer((t) => ((t.dataType = DataType.BFLOAT16), (t.rawData = new Uint8Array()), (t.int32Data = Array.from({ length: 10080 }, () => 0x3fc0))));
    expect(readOnnx(bf16).params['net.8.weight']!.data[0]).toBe(1.5);
  });

  it('inspect reports the same problems instead of failing on them', () => {
    const report = inspectOnnx(withInitializer((t) => (t.rawData = t.rawData!.subarray(4))), { source: 'bad.onnx' });
    expect(report.problems).toEqual(['initializer "8.weight": raw_data has 40316 bytes, dims need 40320']);
    expect(report.engine).toEqual({ ok: false, reason: 'bad.onnx: tensor "8.weight": raw_data has 40316 bytes, its dims need 40320' });
    expect(() => inspectOnnx(legacy.subarray(0, 1000), { source: 'bad.onnx' })).toThrow(/^bad\.onnx: not a valid ONNX protobuf/);
  });
});

/**
 * safetensors interchange: the byte layout the format defines, the seed's PyTorch
 * names and shapes, dtype conversion on import, and refusal of malformed files.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLenetSpec, lenetLayers } from '../../src/graph/index.js';
import { inferChainShapes, loadOnnx, loadSafetensors, readSafetensors, saveSafetensors, writeSafetensors } from '../../src/export/index.js';
import { ToolError } from '../../src/util/errors.js';
import { fixturesDir } from '../helpers/paths.js';

/** A safetensors file assembled by hand from the format description. */
function handMade(header: object | string, data: number[] = [], headerLength?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function refusal(bytes: Uint8Array): string {
  try {
    readSafetensors(bytes, 'w.safetensors');
  } catch (err) {
    expect(err).toBeInstanceOf(ToolError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('writeSafetensors', () => {
  it('lays out header length, JSON header and little-endian data as the format defines', () => {
    const bytes = writeSafetensors({ a: { shape: [2], data: Float32Array.from([1, -2]) }, b: { shape: [1, 1], data: Float32Array.from([0.5]) } }, { format: 'pt' });
    const view = new DataView(bytes.buffer);
    const headerLength = Number(view.getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header).toEqual({
      __metadata__: { format: 'pt' },
      a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [1, 1], data_offsets: [8, 12] },
    });
    const data = 8 + headerLength;
    expect(bytes.length).toBe(data + 12);
    expect([view.getFloat32(data, true), view.getFloat32(data + 4, true), view.getFloat32(data + 8, true)]).toEqual([1, -2, 0.5]);
  });

  it('round-trips the seed LeNet5 under net.0.weight … net.10.bias, usable as a ModelSpec', () => {
    const spec = createLenetSpec('lenet5', 12);
    const back = readSafetensors(writeSafetensors(spec.params, { arch: 'lenet5' }));
    expect(back.metadata).toEqual({ arch: 'lenet5' });
    expect(Object.keys(back.tensors)).toEqual(Object.keys(spec.params));
    for (const [name, p] of Object.entries(spec.params)) {
      expect(back.tensors[name]!.shape).toEqual(p.shape);
      expect(Buffer.from(back.tensors[name]!.data.buffer).equals(Buffer.from(p.data.buffer)), name).toBe(true);
    }
    expect(inferChainShapes({ inputShape: [3, 32, 32], layers: lenetLayers('sigmoid'), params: back.tensors, metadata: {} }).classes).toBe(10);
  });

  it('exports the PyTorch fixture weights with the state_dict names and shapes the seed expects', () => {
    const spec = loadOnnx(join(fixturesDir, 'torch', 'torch-seed-arch-adam-legacy.onnx'));
    const { tensors } = readSafetensors(writeSafetensors(spec.params));
    expect(Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, v.shape]))).toEqual({
      'net.0.weight': [6, 3, 5, 5], 'net.0.bias': [6], 'net.3.weight': [16, 6, 5, 5], 'net.3.bias': [16],
      'net.6.weight': [120, 16, 5, 5], 'net.6.bias': [120], 'net.8.weight': [84, 120], 'net.8.bias': [84],
      'net.10.weight': [10, 84], 'net.10.bias': [10],
    });
  });

  it('refuses data that does not fit the shape, and a tensor named __metadata__', () => {
    expect(() => writeSafetensors({ a: { shape: [3], data: new Float32Array(2) } })).toThrow(/tensor "a" has 2 values for shape \[3\]/);
    expect(() => writeSafetensors({ __metadata__: { shape: [1], data: new Float32Array(1) } })).toThrow(ToolError);
  });
});

describe('readSafetensors', () => {
  it('converts F64, F16 and BF16 to float32 and keeps __metadata__', () => {
    const f64 = new Uint8Array(16);
    new DataView(f64.buffer).setFloat64(0, 0.1, true);
    new DataView(f64.buffer).setFloat64(8, -3, true);
    const bytes = handMade(
      {
        d: { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
        h: { dtype: 'F16', shape: [3], data_offsets: [16, 22] },
        b: { dtype: 'BF16', shape: [1], data_offsets: [22, 24] },
        __metadata__: { source: 'torch' },
      },
      [...f64, 0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0xc0, 0x3f],
    );
    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ source: 'torch' });
    expect(Array.from(tensors.d!.data)).toEqual([Math.fround(0.1), -3]);
    expect(Array.from(tensors.h!.data)).toEqual([1, -2, 2 ** -24]);
    expect(Array.from(tensors.b!.data)).toEqual([1.5]);
  });

  it('accepts a space-padded header', () => {
    const bytes = handMade(`${JSON.stringify({ a: { dtype: 'F32', shape: [], data_offsets: [0, 4] } })}     `, [0, 0, 128, 63]);
    expect(Array.from(readSafetensors(bytes).tensors.a!.data)).toEqual([1]);
  });

  it('refuses malformed files with one-line errors', () => {
    const a = (extra: object = {}) => ({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4], ...extra } });
    expect(refusal(new Uint8Array(5))).toBe('w.safetensors: too short for a safetensors file');
    expect(refusal(handMade(a(), [0, 0, 0, 0], 2 ** 40))).toMatch(/header length 1099511627776 exceeds the file/);
    expect(refusal(handMade('[1,2]'))).toBe('w.safetensors: header is not a JSON object');
    expect(refusal(handMade('{"a":'))).toBe('w.safetensors: header is not a JSON object');
    expect(refusal(handMade(a({ dtype: 'I64' }), [0, 0, 0, 0]))).toMatch(/tensor "a": dtype "I64" not supported/);
    expect(refusal(handMade(a({ shape: [-1] }), [0, 0, 0, 0]))).toMatch(/shape must be an array of non-negative integers/);
    expect(refusal(handMade(a({ shape: [100000, 100000] }), [0, 0, 0, 0]))).toMatch(/absurdly large/);
    expect(refusal(handMade(a({ data_offsets: [0, 8] }), [0, 0, 0, 0]))).toMatch(/data_offsets \[0,8\] outside the 4-byte data section/);
    expect(refusal(handMade(a({ shape: [2] }), [0, 0, 0, 0]))).toMatch(/4 bytes for F32 \[2\] \(needs 8\)/);
    expect(refusal(handMade(a(), [0, 0, 0, 0, 9]))).toMatch(/1 trailing bytes not covered by any tensor/);
    const overlap = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } };
    expect(refusal(handMade(overlap, [0, 0, 0, 0]))).toMatch(/gap or overlap/);
    expect(refusal(handMade({ ...a(), __metadata__: { n: 1 } }, [0, 0, 0, 0]))).toMatch(/__metadata__ value "n" is not a string/);
  });
});

describe('save/load safetensors files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'export-st-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves atomically and loads back', () => {
    const spec = createLenetSpec('lenet5-relu', 2);
    const path = join(dir, 'w.safetensors');
    saveSafetensors(path, spec.params, { arch: 'lenet5-relu' });
    expect(readdirSync(dir)).toEqual(['w.safetensors']);
    expect(loadSafetensors(path).metadata).toEqual({ arch: 'lenet5-relu' });
    expect(() => loadSafetensors(join(dir, 'missing.safetensors'))).toThrow(/missing\.safetensors: cannot read \(ENOENT\)/);
  });
});

import { describe, expect, it } from 'vitest';
import { toTensorCHW, uint8ChwFromHwc } from '../../src/image/to-tensor.js';
import { fromBase64, readPillowJson } from './pillow-fixtures.js';

interface TensorVectors { byteToFloat32Bits: number[]; images: { file: string; exifOrientation: string; tensorFloat32LE: string }[] }
interface ImageCase { file: string; exifOrientation: string; rgb32: string }

const vectors = readPillowJson<TensorVectors>('to-tensor.json');
const images = readPillowJson<{ cases: ImageCase[] }>('images.json');

function float32Bits(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}

describe('toTensorCHW', () => {
  const everyByte = new Uint8Array(256 * 3).map((_, i) => Math.floor(i / 3));

  it('is bit-exact float32(byte)/255 for all 256 byte values', () => {
    const tensor = toTensorCHW(everyByte, 256, 1);
    expect(float32Bits(tensor.subarray(0, 256))).toEqual(vectors.byteToFloat32Bits);
    expect(float32Bits(tensor.subarray(256, 512))).toEqual(vectors.byteToFloat32Bits);
    expect(float32Bits(tensor.subarray(512))).toEqual(vectors.byteToFloat32Bits);
  });

  it('the vectors tell division from multiplication by float32(1/255)', () => {
    const reciprocal = Math.fround(1 / 255);
    const multiplied = float32Bits(Float32Array.from({ length: 256 }, (_, b) => Math.fround(b * reciprocal)));
    const differing = multiplied.filter((bits, b) => bits !== vectors.byteToFloat32Bits[b]).length;
    expect(differing).toBeGreaterThan(50);
  });

  it.each(vectors.images.map((v) => [v.file, v] as const))('matches the stored tensor of %s', (file, v) => {
    const source = images.cases.find((c) => c.file === file && c.exifOrientation === v.exifOrientation)!;
    const expected = fromBase64(v.tensorFloat32LE);
    const tensor = toTensorCHW(fromBase64(source.rgb32), 32, 32);
    expect(new Uint8Array(tensor.buffer)).toEqual(expected);
  });

  it('lays channels out as planes: R plane, then G, then B', () => {
    const rgb = new Uint8Array([255, 0, 51, 0, 255, 102]); // two pixels, 2x1
    expect(Array.from(uint8ChwFromHwc(rgb, 2, 1))).toEqual([255, 0, 0, 255, 51, 102]);
    expect(Array.from(toTensorCHW(rgb, 2, 1))).toEqual([1, 0, 0, 1, Math.fround(0.2), Math.fround(0.4)]);
  });

  it('rejects a buffer that does not match the stated size', () => {
    expect(() => toTensorCHW(new Uint8Array(5), 2, 1)).toThrow(/expected 2x1x3 = 6 bytes, got 5/);
  });
});

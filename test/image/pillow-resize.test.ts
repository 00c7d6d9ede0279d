import { describe, expect, it } from 'vitest';
import { resizeBilinearPillow } from '../../src/image/pillow-resize.js';
import { fromBase64, noiseRgb, readPillowJson, sha256Hex } from './pillow-fixtures.js';

interface ResizeCase { width: number; height: number; outWidth: number; outHeight: number; seed: number; inputSha256: string; output: string }
interface SweepCase { width: number; height: number; outWidth?: number; outHeight?: number; seed: number; outputSha256: string }

const vectors = readPillowJson<{ pillow: string; cases: ResizeCase[] }>('resize-vectors.json');
const sweep = readPillowJson<{ cases: SweepCase[] }>('resize-sweep.json');

/** Index and value of the first differing byte, to make a failure readable. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): string {
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] !== expected[i]) return `byte ${i} (pixel ${Math.floor(i / 3)}, channel ${i % 3}): ${actual[i]} != Pillow ${expected[i]}`;
  }
  return actual.length === expected.length ? 'identical' : `length ${actual.length} != ${expected.length}`;
}

describe(`resizeBilinearPillow against Pillow ${vectors.pillow}`, () => {
  it.each(vectors.cases.map((c) => [`${c.width}x${c.height} -> ${c.outWidth}x${c.outHeight}`, c] as const))(
    '%s is byte-identical',
    (_label, c) => {
      const input = noiseRgb(c.width, c.height, c.seed);
      expect(sha256Hex(input), 'regenerated noise input differs from the script').toBe(c.inputSha256);
      const output = resizeBilinearPillow(input, c.width, c.height, c.outWidth, c.outHeight);
      expect(firstDifference(output, fromBase64(c.output))).toBe('identical');
    },
  );

  it(`matches every one of the ${sweep.cases.length} sweep cases (each input length 1..520 and more, both axes)`, () => {
    const mismatches = sweep.cases.filter((c) => {
      const output = resizeBilinearPillow(noiseRgb(c.width, c.height, c.seed), c.width, c.height, c.outWidth ?? 32, c.outHeight ?? 32);
      return sha256Hex(output).slice(0, 16) !== c.outputSha256;
    });
    expect(mismatches.map((c) => `${c.width}x${c.height}`)).toEqual([]);
  });
});

describe('resizeBilinearPillow behaviour', () => {
  it('returns an equal copy, not the input, when the size is unchanged', () => {
    const input = noiseRgb(32, 32, 9);
    const output = resizeBilinearPillow(input, 32, 32, 32, 32);
    expect(output).toEqual(input);
    expect(output).not.toBe(input);
  });

  it('equals a horizontal-only resize then a vertical-only one (8-bit rounding between passes)', () => {
    const input = noiseRgb(50, 40, 3);
    const wide = resizeBilinearPillow(input, 50, 40, 32, 40);
    expect(resizeBilinearPillow(wide, 32, 40, 32, 32)).toEqual(resizeBilinearPillow(input, 50, 40, 32, 32));
  });

  it('rejects a buffer that does not match the stated size', () => {
    expect(() => resizeBilinearPillow(new Uint8Array(10), 2, 2, 1, 1)).toThrow(/expected 2x2x3 = 12 bytes, got 10/);
    expect(() => resizeBilinearPillow(new Uint8Array(0), 0, 0, 1, 1)).toThrow(/width must be a positive integer/);
  });
});

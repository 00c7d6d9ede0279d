import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../src/export/npy.js';
import { isBigIntType, toFloat64 } from '../../src/graph/host-tensor.js';
import { ToolError } from '../../src/util/errors.js';

const DIR = join(import.meta.dirname, '../fixtures/npy');
interface Expected { dtype: string; shape: number[]; values: (number | string | boolean)[] }
const EXPECTED = JSON.parse(readFileSync(join(DIR, 'values.json'), 'utf8')) as Record<string, Expected>;
const file = (name: string) => readFileSync(join(DIR, `${name}.npy`));
/** numpy's dtype names as our element types. */
const TYPE: Record<string, string> = { '>i4': 'int32' };
const typeOf = (dtype: string) => TYPE[dtype] ?? dtype;

describe('decodeNpy reads what numpy.save wrote', () => {
  it.each(Object.keys(EXPECTED))('%s', (name) => {
    const want = EXPECTED[name]!;
    const t = decodeNpy(file(name), `${name}.npy`);
    expect(t.type).toBe(typeOf(want.dtype));
    expect(t.dims).toEqual(want.shape);
    if (isBigIntType(t.type)) {
      expect(Array.from(t.data as BigInt64Array, String)).toEqual(want.values);
    } else {
      const numbers = want.values.map((v) => (typeof v === 'boolean' ? Number(v) : typeof v === 'string' ? Number(v.replace('inf', 'Infinity')) : v));
      expect(Array.from(toFloat64(t))).toEqual(numbers);
    }
  });
});

describe('encodeNpy writes numpy.save\'s exact bytes', () => {
  const plain = Object.keys(EXPECTED).filter((n) => !['big-endian-int32', 'fortran-float64', 'version2-float32'].includes(n));
  it.each(plain)('%s', (name) => {
    const bytes = file(name);
    expect(Buffer.from(encodeNpy(decodeNpy(bytes, name)))).toEqual(bytes);
  });
});

describe('decodeNpy refuses bad files with one line naming the file', () => {
  const good = file('float32');
  it.each([
    ['not npy', new TextEncoder().encode('hello world, not numpy'), 'x.npy: not a .npy file (no \\x93NUMPY magic)'],
    ['truncated data', good.subarray(0, good.length - 4), 'x.npy: .npy float32 [2,3] needs 24 data bytes, the file has 20'],
    ['truncated header', good.subarray(0, 40), 'x.npy: .npy file ends inside its header'],
  ])('%s', (_what, bytes, message) => {
    expect(() => decodeNpy(bytes, 'x.npy')).toThrow(new ToolError(message));
  });

  it('names an unsupported dtype', () => {
    const text = Buffer.from(good).toString('latin1').replace("'<f4'", "'<U1'");
    expect(() => decodeNpy(Buffer.from(text, 'latin1'), 'x.npy')).toThrow(/^x\.npy: \.npy dtype '<U1' is not supported/);
  });
});

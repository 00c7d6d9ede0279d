import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTensorProtoFile, encodeTensorProtoFile, hostTensorFromProto } from '../../src/export/host-tensor-proto.js';
import { DataType } from '../../src/export/onnx-proto.js';
import { ELEMENT_TYPES, allocateData, halfBitsToNumber, numberToHalfBits, type HostTensor } from '../../src/graph/host-tensor.js';
import { fixturesDir } from '../helpers/paths.js';

describe('TensorProto ↔ HostTensor', () => {
  it('round-trips every element type exactly', () => {
    for (const type of ELEMENT_TYPES) {
      const data = allocateData(type, 6);
      for (let i = 0; i < 6; i++) {
        if (data instanceof BigInt64Array) data[i] = -(2n ** 62n) + BigInt(i);
        else if (data instanceof BigUint64Array) data[i] = 2n ** 63n + BigInt(i);
        else if (type === 'bool') data[i] = i % 2;
        else (data as Float32Array)[i] = i * 3 - 5;
      }
      const t: HostTensor = { type, dims: [2, 3], data };
      const back = decodeTensorProtoFile(encodeTensorProtoFile('x', t), 'x.pb');
      expect(back.name).toBe('x');
      expect(back.tensor.type).toBe(type);
      expect(back.tensor.dims).toEqual([2, 3]);
      expect([...back.tensor.data]).toEqual([...data]);
    }
  });

  it('reads the typed fields PyTorch and onnx.numpy_helper may write', () => {
    const t = hostTensorFromProto({ name: 'ids', dataType: DataType.INT64, dims: [3], int64Data: [1, 2, 3] }, { where: 'case' });
    expect(t.data).toEqual(new BigInt64Array([1n, 2n, 3n]));
    const b = hostTensorFromProto({ name: 'm', dataType: DataType.BOOL, dims: [2], int32Data: [0, 1] }, { where: 'case' });
    expect([...b.data]).toEqual([0, 1]);
    expect(() => hostTensorFromProto({ name: 'x', dataType: DataType.FLOAT, dims: [3], floatData: [1] }, { where: 'case' })).toThrow(/float_data holds 1 values, its dims need 3/);
    expect(() => hostTensorFromProto({ name: 's', dataType: DataType.STRING, dims: [1] }, { where: 'case' })).toThrow(/tensor "s" is STRING, which is not supported/);
  });

  it('reads the zoo test cases written by PyTorch (float32 images, int64 token ids)', () => {
    const ids = decodeTensorProtoFile(readFileSync(join(fixturesDir, 'zoo/token-classifier/test_data_set_0/input_0.pb')), 'input_0.pb');
    expect(ids.tensor.type).toBe('int64');
    expect(ids.tensor.dims).toEqual([2, 12]);
    for (const v of ids.tensor.data as BigInt64Array) expect(v >= 0n && v < 1000n).toBe(true);
    const img = decodeTensorProtoFile(readFileSync(join(fixturesDir, 'zoo/mobilenet_v2/test_data_set_0/input_0.pb')), 'input_0.pb');
    expect(img.tensor.type).toBe('float32');
    expect(img.tensor.dims).toEqual([2, 3, 224, 224]);
  });

  it('float16 conversion rounds to nearest even like numpy', () => {
    // Values from numpy: np.float16(x).view(np.uint16)
    const cases: [number, number][] = [[1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [65520, 0x7c00], [1e-8, 0x0000], [6e-8, 0x0001], [0.1, 0x2e66], [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02]];
    for (const [x, bits] of cases) expect(numberToHalfBits(x), String(x)).toBe(bits);
    expect(halfBitsToNumber(0x2e66)).toBeCloseTo(0.0999755859375, 12);
    expect(Number.isNaN(halfBitsToNumber(numberToHalfBits(NaN)))).toBe(true);
  });
});

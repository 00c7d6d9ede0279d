import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../../../src/image/input-size.js';
import { concatSplits, encodeBinaryBatch, parseBatchesMeta, parseBinaryBatch, RECORD_BYTES } from '../../../src/train/data/cifar-binary.js';
import { ToolError } from '../../../src/util/errors.js';
import { randomSplit } from './helpers/synthetic-cifar.js';

describe('parseBinaryBatch', () => {
  it('reads records as label byte + 1,024 R + 1,024 G + 1,024 B, row-major', () => {
    // One hand-made record: label 7, red plane 10, green 20, blue 30, with pixel (row 2, col 5) of G = 99.
    const record = new Uint8Array(RECORD_BYTES);
    record[0] = 7;
    record.fill(10, 1, 1025);
    record.fill(20, 1025, 2049);
    record.fill(30, 2049, 3073);
    record[1 + 1024 + 2 * 32 + 5] = 99;
    const split = parseBinaryBatch(record, 'one.bin');
    expect(split.count).toBe(1);
    expect(split.labels[0]).toBe(7);
    const planeG = split.images.subarray(1024, 2048);
    expect(planeG[2 * 32 + 5]).toBe(99);
    expect(planeG[2 * 32 + 4]).toBe(20);
    expect(split.images[0]).toBe(10);
    expect(split.images[IMAGE_BYTES - 1]).toBe(30);
  });

  it('round-trips through the encoder', () => {
    const split = randomSplit(5, 3);
    const back = parseBinaryBatch(encodeBinaryBatch(split), 'x.bin');
    expect(back.count).toBe(5);
    expect(Buffer.from(back.images).equals(Buffer.from(split.images))).toBe(true);
    expect([...back.labels]).toEqual([...split.labels]);
  });

  it('names the file and its size when it is not a whole number of records', () => {
    const bytes = encodeBinaryBatch(randomSplit(2, 1)).subarray(0, 2 * RECORD_BYTES - 10);
    expect(() => parseBinaryBatch(bytes, 'data/data_batch_3.bin')).toThrow(
      new ToolError(
        'data/data_batch_3.bin: 6136 bytes is not a whole number of CIFAR-10 records (3073 bytes each); the file is truncated or not a CIFAR-10 batch',
      ),
    );
    expect(() => parseBinaryBatch(new Uint8Array(0), 'empty.bin')).toThrow(/empty\.bin: 0 bytes is not a whole number/);
  });

  it('rejects a label outside 0–9 and says where it is', () => {
    const bytes = encodeBinaryBatch(randomSplit(3, 1));
    bytes[2 * RECORD_BYTES] = 10;
    expect(() => parseBinaryBatch(bytes, 'test_batch.bin')).toThrow(
      new ToolError('test_batch.bin: record 2 (byte 6146) has label 10; labels must be 0–9'),
    );
  });
});

describe('concatSplits and parseBatchesMeta', () => {
  it('concatenates in order', () => {
    const a = randomSplit(2, 1);
    const b = randomSplit(3, 2);
    const all = concatSplits([a, b]);
    expect(all.count).toBe(5);
    expect([...all.labels]).toEqual([...a.labels, ...b.labels]);
    expect(Buffer.from(all.images.subarray(2 * IMAGE_BYTES)).equals(Buffer.from(b.images))).toBe(true);
  });

  it('reads class names, one a line, ignoring blank lines and CRLF', () => {
    expect(parseBatchesMeta('airplane\r\nautomobile\r\n\r\n', 'm.txt')).toEqual(['airplane', 'automobile']);
    expect(() => parseBatchesMeta('\n\n', 'm.txt')).toThrow(/m\.txt: no class names/);
    expect(() => parseBatchesMeta('cat\ncat\n', 'm.txt')).toThrow(/m\.txt: class names repeat/);
  });
});

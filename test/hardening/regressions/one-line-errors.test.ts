/**
 * Regression (fuzz, onnx seed 7 case 314): a bit flip put a newline into an op type, and
 * the ToolError quoting it spanned two lines. Names from a file are now shown escaped.
 */
import { describe, expect, it } from 'vitest';
import { readOnnx, writeOnnx } from '../../../src/export/index.js';
import { decodeModelProto, encodeModelProto } from '../../../src/export/onnx-proto.js';
import { createLenetSpec } from '../../../src/graph/index.js';
import { ToolError } from '../../../src/util/errors.js';

function modelWithOpType(opType: string): Uint8Array {
  const model = decodeModelProto(writeOnnx(createLenetSpec('lenet5', 1)), 'ours');
  model.graph!.node![0]!.opType = opType;
  return encodeModelProto(model);
}

describe('ToolError messages stay one line whatever a file contains', () => {
  it('an op type with a newline and a terminal escape is quoted escaped', () => {
    expect(() => readOnnx(modelWithOpType('Co\nnv\u001b[2J'), { source: 'evil.onnx' })).toThrow(
      'evil.onnx: unsupported op "Co\\nnv\\u001b[2J" (node "net.0", opset 13)',
    );
  });

  it('plain messages are unchanged', () => {
    expect(new ToolError('a.onnx: tab\there').message).toBe('a.onnx: tab\\there');
    expect(new ToolError('a.onnx: ünïcödé "quoted" stays').message).toBe('a.onnx: ünïcödé "quoted" stays');
  });
});

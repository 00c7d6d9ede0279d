/** One node as its own model: weights inlined, Constant-free inputs as shaped graph inputs, clear refusals. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractNode } from '../../../src/export/extract-node.js';
import { decodeModelProto } from '../../../src/export/onnx-proto.js';
import { loadModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { DYNAMO_MODEL, LEGACY_MODEL } from '../torch-fixture.js';

describe('extractNode', () => {
  it('keeps an int64 shape initializer and inlines external float weights (dynamo Reshape and Gemm)', async () => {
    const model = await loadModelUnderTest(DYNAMO_MODEL);
    const f32 = (dims: number[]) => ({ type: 'float32' as const, dims });
    const values = new Map([['conv2d_2', f32([1, 120, 1, 1])], ['view', f32([1, 120])], ['linear', f32([1, 84])]]);
    const reshape = extractNode(model.bytes, 'dynamo.onnx', 7, { values, externalData: model.externalData });
    expect(reshape).toMatchObject({ inputs: ['conv2d_2'], outputs: ['view'] });
    const gemm = decodeModelProto(extractNode(model.bytes, 'dynamo.onnx', 8, { values, externalData: model.externalData }).bytes, 'gemm');
    const weight = gemm.graph!.initializer!.find((t) => t.name === '8.weight')!;
    expect(weight.externalData).toEqual([]);
    expect(weight.rawData!.length).toBe(84 * 120 * 4);

    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(reshape.bytes);
    const out = await session.run({ conv2d_2: new ort.Tensor('float32', new Float32Array(120).fill(2), [1, 120, 1, 1]) });
    await session.release();
    expect(out.view!.dims).toEqual([1, 120]);
  });

  it('refuses in one line a node input that is neither a weight nor a captured tensor', () => {
    expect(() => extractNode(readFileSync(LEGACY_MODEL), 'legacy.onnx', 3, { values: new Map(), externalData: [] })).toThrow(
      'legacy.onnx: node "/3/Conv" (Conv) reads "/2/MaxPool_output_0", which is neither a weight nor a captured tensor',
    );
  });

  it('refuses a node index the graph does not have', () => {
    expect(() => extractNode(readFileSync(LEGACY_MODEL), 'legacy.onnx', 99, { values: new Map(), externalData: [] })).toThrow('legacy.onnx: has no node #99');
  });
});

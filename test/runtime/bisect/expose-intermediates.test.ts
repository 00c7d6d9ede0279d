/**
 * The rewritten copy bisection runs: every float32 tensor a node computes becomes a
 * graph output (original outputs first and unchanged), non-float tensors are left
 * alone (ORT would refuse them declared as float), and external weights travel inside.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elementTypes } from '../../../src/export/element-types.js';
import { exposeIntermediates } from '../../../src/export/expose-intermediates.js';
import { DataType, decodeModelProto, type GraphProto } from '../../../src/export/onnx-proto.js';
import { ortNodeRuntime } from '../../../src/runtime/adapters/ort-node.js';
import { loadModelUnderTest, modelFromBytes } from '../../../src/runtime/model-under-test.js';
import { createRuntimeContext } from '../../../src/runtime/runtime-context.js';
import { DYNAMO_MODEL, LEGACY_MODEL } from '../torch-fixture.js';

const context = createRuntimeContext({ threads: 1 });
const SEED_OPS = ['Conv', 'Sigmoid', 'MaxPool', 'Conv', 'Sigmoid', 'MaxPool', 'Conv', 'Flatten', 'Gemm', 'Sigmoid', 'Gemm'];
const input = Float32Array.from({ length: 2 * 3 * 32 * 32 }, (_, i) => (i % 255) / 255);

describe('exposeIntermediates', () => {
  it('lists every node output of the seed LeNet5 in graph order and keeps the logits first', () => {
    const { bytes, tensors } = exposeIntermediates(readFileSync(LEGACY_MODEL), 'legacy.onnx');
    expect(tensors.map((t) => t.opType)).toEqual(SEED_OPS);
    expect(tensors.map((t) => t.index)).toEqual(SEED_OPS.map((_, i) => i));
    expect(tensors[3]).toEqual({ index: 3, node: '/3/Conv', opType: 'Conv', output: '/3/Conv_output_0', type: 'float32', inputs: ['/2/MaxPool_output_0', '3.weight', '3.bias'] });
    const outputs = decodeModelProto(bytes, 'exposed').graph!.output!.map((o) => o.name);
    expect(outputs[0]).toBe('logits');
    expect(new Set(outputs)).toEqual(new Set(tensors.map((t) => t.output)));
  });

  it('gives a copy onnxruntime runs, with the same logits as the original and every tensor by name', async () => {
    const original = await loadModelUnderTest(LEGACY_MODEL);
    const exposed = exposeIntermediates(original.bytes, 'legacy.onnx');
    const a = await ortNodeRuntime.open(original, context);
    const b = await ortNodeRuntime.open(modelFromBytes(exposed.bytes, 'exposed.onnx'), context);
    if (!a.available || !b.available) throw new Error('ort-node unavailable');
    const feeds = new Map([['input', { type: 'float32' as const, dims: [2, 3, 32, 32], data: input }]]);
    const logits = (await a.session.run(feeds, ['logits'])).get('logits')!.data;
    const named = await b.session.run(feeds, exposed.tensors.map((t) => t.output));
    await a.session.close();
    await b.session.close();
    expect(named.get('logits')!.data).toEqual(logits);
    expect(named.get('/3/Conv_output_0')!.dims).toEqual([2, 16, 10, 10]);
    expect(named.get('/7/Flatten_output_0')!.dims).toEqual([2, 120]);
  });

  it('inlines external weights, so the copy runs from its bytes alone (dynamo export)', async () => {
    const model = await loadModelUnderTest(DYNAMO_MODEL);
    const exposed = exposeIntermediates(model.bytes, 'dynamo.onnx', model.externalData);
    expect(exposed.tensors.map((t) => t.opType)).toEqual([...SEED_OPS.slice(0, 7), 'Reshape', ...SEED_OPS.slice(8)]);
    expect(exposed.bytes.length).toBeGreaterThan(model.externalData[0]!.data.length);
    const opened = await ortNodeRuntime.open(modelFromBytes(exposed.bytes, 'exposed.onnx'), context);
    if (!opened.available) throw new Error(opened.reason);
    const feeds = new Map([[model.io.inputs[0]!.name, { type: 'float32' as const, dims: [1, 3, 32, 32], data: input.slice(0, 3072) }]]);
    const named = await opened.session.run(feeds, ['view', 'logits']);
    await opened.session.close();
    expect(named.get('view')!.dims).toEqual([1, 120]);
  });

  it('refuses, in one line, external data it was not given', () => {
    const model = readFileSync(DYNAMO_MODEL);
    expect(() => exposeIntermediates(model, 'dynamo.onnx')).toThrow(
      `dynamo.onnx: initializer "0.weight": external data file "${basename(DYNAMO_MODEL)}.data" was not loaded with the model`,
    );
  });
});

describe('elementTypes', () => {
  it('follows declarations, then per-op rules, then the first input', () => {
    const graph: GraphProto = {
      input: [{ name: 'x', type: { tensorType: { elemType: DataType.FLOAT } } }],
      initializer: [{ name: 'half', dataType: DataType.FLOAT16, dims: [1] }],
      node: [
        { opType: 'Shape', input: ['x'], output: ['shape'] },
        { opType: 'Cast', input: ['x'], output: ['as_int32'], attribute: [{ name: 'to', i: DataType.INT32 }] },
        { opType: 'MaxPool', input: ['x'], output: ['pooled', 'indices'] },
        { opType: 'Constant', output: ['k'], attribute: [{ name: 'value', t: { dataType: DataType.INT64, dims: [1] } }] },
        { opType: 'Less', input: ['x', 'x'], output: ['mask'] },
        { opType: 'Mul', input: ['half', 'half'], output: ['half2'] },
        { opType: 'Relu', input: ['pooled'], output: ['y'] },
      ],
    };
    expect(Object.fromEntries(elementTypes(graph, 'g'))).toEqual({
      x: DataType.FLOAT,
      half: DataType.FLOAT16,
      shape: DataType.INT64,
      as_int32: DataType.INT32,
      pooled: DataType.FLOAT,
      indices: DataType.INT64,
      k: DataType.INT64,
      mask: DataType.BOOL,
      half2: DataType.FLOAT16,
      y: DataType.FLOAT,
    });
  });
});

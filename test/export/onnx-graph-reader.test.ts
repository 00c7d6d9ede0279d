/**
 * The general graph reader: declared types and symbolic dims, attributes of every kind,
 * initializers kept out of the fed inputs, external data, and one-line refusals for
 * what the engine does not carry (subgraphs, string tensors). The PyTorch dynamo export
 * (opset 20, weights in an external file) runs through it on the graph executor and
 * reproduces PyTorch's logits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnnxGraph, readOnnxGraph } from '../../src/export/onnx-graph-reader.js';
import { AttributeType, DataType, encodeModelProto } from '../../src/export/onnx-proto.js';
import { cpuDevice } from '../../src/graph/executor/devices/cpu.js';
import { GraphExecutor } from '../../src/graph/executor/executor.js';
import { fixturesDir } from '../helpers/paths.js';
import { loadFixtureImages } from './helpers/cifar-images.js';
import { attr, buildModelBytes, floatTensor, int64Tensor, modelProto, node } from './helpers/onnx-builder.js';

describe('readOnnxGraph', () => {
  it('reads inputs, outputs, initializers and attributes of every kind', () => {
    const bytes = buildModelBytes({
      nodes: [
        node('Transpose', ['input'], ['t'], [attr.ints('perm', [0, 2, 3, 1])], ''),
        node('Reshape', ['t', 'shape'], ['logits'], [attr.int('allowzero', 0), attr.float('f', 0.5), attr.string('s', 'héllo'), attr.tensor('w', floatTensor('w', [2], [1, 2]))]),
      ],
      initializers: [int64Tensor('shape', [2], [0, -1])],
      extraInputs: ['shape'],
    });
    const graph = readOnnxGraph(bytes);
    expect(graph.opset).toBe(13);
    expect(graph.inputs).toEqual([{ name: 'input', type: 'float32', dims: ['N', 3, 32, 32] }]);
    expect(graph.outputs).toEqual([{ name: 'logits', type: 'float32', dims: null }]);
    expect(graph.initializers.get('shape')).toEqual({ type: 'int64', dims: [2], data: BigInt64Array.of(0n, -1n) });
    expect(graph.nodes[0]!.name).toBe('#0');
    expect(graph.nodes[0]!.attributes.get('perm')).toEqual({ kind: 'ints', value: [0, 2, 3, 1] });
    const attrs = graph.nodes[1]!.attributes;
    expect(attrs.get('allowzero')).toEqual({ kind: 'int', value: 0 });
    expect(attrs.get('f')).toEqual({ kind: 'float', value: 0.5 });
    expect(attrs.get('s')).toEqual({ kind: 'string', value: 'héllo' });
    expect(attrs.get('w')).toEqual({ kind: 'tensor', value: { type: 'float32', dims: [2], data: Float32Array.of(1, 2) } });
  });

  it('refuses a subgraph attribute naming the node, and a string-typed input', () => {
    const withIf = buildModelBytes({
      nodes: [{ opType: 'If', name: 'branch', input: ['input'], output: ['logits'], attribute: [{ name: 'then_branch', type: AttributeType.GRAPH, g: { name: 'g' } }] }],
    });
    expect(() => readOnnxGraph(withIf, { source: 'm.onnx' })).toThrow('m.onnx: node "branch" (If): attribute "then_branch" is a subgraph; control flow (If, Loop, Scan) is not supported');
    const model = modelProto({ nodes: [node('Identity', ['input'], ['logits'])] });
    model.graph!.input![0]!.type!.tensorType!.elemType = DataType.STRING;
    expect(() => readOnnxGraph(encodeModelProto(model), { source: 'm.onnx' })).toThrow('m.onnx: graph input "input" is not a tensor of a supported element type');
  });

  it('runs the PyTorch dynamo export (external weights) and reproduces its logits', async () => {
    const torch = join(fixturesDir, 'torch');
    const fixture = JSON.parse(readFileSync(join(torch, 'torch-seed-arch-adam-logits64.json'), 'utf8')) as { images: string[]; logits: number[][] };
    const graph = loadOnnxGraph(join(torch, 'torch-seed-arch-adam-dynamo.onnx'));
    expect(graph.opset).toBe(20);
    const executor = new GraphExecutor(graph, cpuDevice());
    const images = await loadFixtureImages(fixture.images.slice(0, 4));
    const input = graph.inputs[0]!;
    for (let i = 0; i < 4; i++) {
      const out = await executor.run(new Map([[input.name, { type: 'float32', dims: [1, 3, 32, 32], data: images.slice(i * 3072, (i + 1) * 3072) }]]));
      const logits = [...out.values()][0]!.data as Float32Array;
      fixture.logits[i]!.forEach((v, k) => expect(Math.abs(logits[k]! - v)).toBeLessThan(1e-5));
    }
  });
});

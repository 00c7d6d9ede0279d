/** The structural checker finds what onnx.checker would, one defect at a time. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLenetSpec } from '../../src/graph/index.js';
import { checkOnnxModel, writeOnnx } from '../../src/export/index.js';
import { AttributeType, DataType, decodeModelProto, type ModelProto } from '../../src/export/onnx-proto.js';
import { fixturesDir } from '../helpers/paths.js';

const good = writeOnnx(createLenetSpec('lenet5', 9), { probabilities: true });

function problemsAfter(mutate: (m: ModelProto) => void): string[] {
  const model = decodeModelProto(good, 'good');
  mutate(model);
  return checkOnnxModel(model);
}

describe('checkOnnxModel', () => {
  it('accepts our files and both PyTorch exports', () => {
    expect(checkOnnxModel(good)).toEqual([]);
    for (const f of ['torch-seed-arch-adam-legacy.onnx', 'torch-seed-arch-adam-dynamo.onnx']) {
      expect(checkOnnxModel(readFileSync(join(fixturesDir, 'torch', f))), f).toEqual([]);
    }
  });

  it('names: repeated nodes, initializers, inputs, outputs, metadata keys; empty graph name', () => {
    expect(problemsAfter((m) => (m.graph!.node![1]!.name = 'net.0'))).toEqual(['node "net.0" (Sigmoid): node name repeated']);
    expect(problemsAfter((m) => m.graph!.initializer!.push(m.graph!.initializer![0]!))).toEqual(['initializer "net.0.weight" empty or repeated']);
    expect(problemsAfter((m) => m.graph!.input!.push(m.graph!.input![0]!))).toEqual(['graph input "input" declared twice']);
    expect(problemsAfter((m) => m.graph!.output!.push(m.graph!.output![0]!))).toEqual(['graph output "logits" declared twice']);
    expect(problemsAfter((m) => m.metadataProps.push({ key: 'license', value: 'x' }))).toEqual(['metadata key "license" empty or repeated']);
    expect(problemsAfter((m) => (m.graph!.name = ''))).toEqual(['graph has no name']);
  });

  it('topological order and single definition of every value', () => {
    expect(problemsAfter((m) => m.graph!.node!.reverse())).toContain('node "probabilities" (Softmax): input "logits" is not defined before the node (graph not topologically sorted?)');
    const swapped = problemsAfter((m) => {
      const n = m.graph!.node!;
      [n[0], n[1]] = [n[1]!, n[0]!];
    });
    expect(swapped).toEqual(['node "net.1" (Sigmoid): input "net.0.output" is not defined before the node (graph not topologically sorted?)']);
    expect(problemsAfter((m) => (m.graph!.node![1]!.output = ['net.0.output']))).toContain('node "net.1" (Sigmoid): output "net.0.output" is already defined');
    expect(problemsAfter((m) => (m.graph!.output![0]!.name = 'nothing'))).toEqual(['graph output "nothing" is never computed']);
  });

  it('opsets: missing domain import, op newer than the declared opset, unknown op', () => {
    expect(problemsAfter((m) => (m.graph!.node![0]!.domain = 'com.example'))).toEqual(['node "net.0" (Conv): domain "com.example" has no opset_import']);
    const reshapeAtOpset4 = problemsAfter((m) => {
      m.opsetImport[0]!.version = 4;
      const flatten = m.graph!.node![7]!;
      flatten.opType = 'Reshape';
      flatten.attribute = [];
      flatten.input = [flatten.input![0]!, 'shape'];
      m.graph!.initializer!.push({ name: 'shape', dims: [2], dataType: DataType.INT64, int64Data: [0, -1] });
    });
    expect(reshapeAtOpset4).toEqual([
      'node "net.2" (MaxPool): attribute "ceil_mode" needs opset 10',
      'node "net.5" (MaxPool): attribute "ceil_mode" needs opset 10',
      'node "net.7" (Reshape): needs opset 5, declared 4',
    ]);
    expect(problemsAfter((m) => (m.graph!.node![1]!.opType = 'Swish'))).toEqual(['node "net.1" (Swish): op not in the supported op table']);
    expect(problemsAfter((m) => (m.opsetImport = []))).toEqual(['no opset_import', 'node "net.0" (Conv): domain "" has no opset_import', ...Array(11).fill(expect.stringContaining('has no opset_import'))]);
  });

  it('attributes: type, name and availability per opset', () => {
    expect(problemsAfter((m) => (m.graph!.node![0]!.attribute![0]!.type = AttributeType.INT))).toEqual(['node "net.0" (Conv): attribute "dilations" must be INTS, got INT']);
    expect(problemsAfter((m) => (m.graph!.node![0]!.attribute![0]!.name = 'dilation'))).toEqual(['node "net.0" (Conv): unknown attribute "dilation"']);
    expect(problemsAfter((m) => m.graph!.node![0]!.attribute!.push(m.graph!.node![0]!.attribute![1]!))).toEqual(['node "net.0" (Conv): attribute "group" appears twice']);
    // ceil_mode exists from MaxPool-10; the IR version is irrelevant to that.
    expect(problemsAfter((m) => (m.opsetImport[0]!.version = 9))).toEqual(['node "net.2" (MaxPool): attribute "ceil_mode" needs opset 10', 'node "net.5" (MaxPool): attribute "ceil_mode" needs opset 10']);
  });

  it('tensors: data consistent with dims and type; initializers as inputs before IR 4', () => {
    expect(problemsAfter((m) => (m.graph!.initializer![1]!.dims = [7]))).toEqual(['initializer "net.0.bias": raw_data has 24 bytes, dims need 28']);
    expect(problemsAfter((m) => (m.graph!.initializer![1]!.floatData = [1, 2, 3, 4, 5, 6]))).toEqual(['initializer "net.0.bias": data in more than one field (raw_data, float_data)']);
    expect(problemsAfter((m) => (m.graph!.initializer![1]!.dataType = 0))).toEqual(['initializer "net.0.bias": data_type is UNDEFINED']);
    expect(problemsAfter((m) => (m.irVersion = 3))).toEqual(expect.arrayContaining(['initializer "net.0.weight" is not a graph input (required before IR 4)']));
    expect(problemsAfter((m) => (m.irVersion = 14))).toEqual(['ir_version 14 outside 3..13']);
  });
});

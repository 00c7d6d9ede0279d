/**
 * The op table, one attribute at a time: hand-built graphs are imported and run by the
 * engine, and must match onnxruntime-node running the same bytes within 1e-5. Then the
 * refusals: each unsupported construct gets a one-line error naming file, node and op.
 */
import { describe, expect, it } from 'vitest';
import { readOnnx } from '../../src/export/index.js';
import type { NodeProto, TensorProto } from '../../src/export/onnx-proto.js';
import { ToolError } from '../../src/util/errors.js';
import { maxAbsDiff } from '../helpers/numeric.js';
import { attr, buildModelBytes, floatTensor, int64Tensor, node, type GraphParts } from './helpers/onnx-builder.js';
import { engineForward, runOnnx, seededFloats } from './helpers/runtimes.js';

const CLASSES = 4;
let seed = 100;
const weights = (name: string, dims: number[], scale = 0.3) =>
  floatTensor(name, dims, seededFloats(dims.reduce((a, b) => a * b, 1), seed++, -scale, scale));

/** Flatten `from` (if needed) and project `features` to CLASSES logits with Gemm. */
function tail(from: string, features: number, flatten = true): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const nodes = flatten ? [node('Flatten', [from], ['flat'], [attr.int('axis', 1)])] : [];
  nodes.push(node('Gemm', [flatten ? 'flat' : from, 'tail.w', 'tail.b'], ['logits'], [attr.int('transB', 1)]));
  return { nodes, initializers: [weights('tail.w', [CLASSES, features], 0.05), weights('tail.b', [CLASSES])] };
}

function classifier(body: NodeProto[], bodyInits: TensorProto[], from: string, features: number, extra: Partial<GraphParts> = {}, flatten = true): GraphParts {
  const t = tail(from, features, flatten);
  return { nodes: [...body, ...t.nodes], initializers: [...bodyInits, ...t.initializers], ...extra };
}

async function expectEngineMatchesOrt(parts: GraphParts, batch = 2): Promise<void> {
  const bytes = buildModelBytes(parts);
  const x = seededFloats(batch * 3072, seed++);
  const ort = await runOnnx('onnxruntime-node', bytes, x, [batch, 3, 32, 32]);
  const outName = (parts.outputs ?? ['logits'])[0]!;
  const ours = engineForward(readOnnx(bytes, { source: 'case.onnx' }), x, batch);
  expect(ours.length).toBe(ort[outName]!.length);
  expect(maxAbsDiff(ours, ort[outName]!)).toBeLessThan(1e-5);
}

function expectRefusal(parts: GraphParts, pattern: RegExp): void {
  let error: unknown;
  try {
    readOnnx(buildModelBytes(parts), { source: 'case.onnx' });
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ToolError);
  const message = (error as Error).message;
  expect(message.startsWith('case.onnx: ')).toBe(true);
  expect(message).not.toContain('\n');
  expect(message).toMatch(pattern);
}

const pool4 = node('MaxPool', ['input'], ['p'], [attr.ints('kernel_shape', [4, 4]), attr.ints('strides', [4, 4])]);
const flat4 = node('Flatten', ['p'], ['f'], [attr.int('axis', 1)]);
const conv = (attrs: ReturnType<typeof attr.int>[], inputs = ['input', 'c.w'], out = 'c') => node('Conv', inputs, [out], attrs);

describe('op table: imported graphs compute what onnxruntime computes', () => {
  it('Conv: asymmetric pads, strides, no bias, kernel_shape inferred from the weight', async () => {
    await expectEngineMatchesOrt(classifier([conv([attr.ints('pads', [1, 2, 0, 1]), attr.ints('strides', [2, 1])])], [weights('c.w', [4, 3, 3, 3])], 'c', 4 * 16 * 33));
  });

  for (const mode of ['SAME_UPPER', 'SAME_LOWER', 'VALID']) {
    it(`Conv: auto_pad ${mode}`, async () => {
      const features = mode === 'VALID' ? 4 * 15 * 15 : 4 * 16 * 16;
      const c = conv([attr.string('auto_pad', mode), attr.ints('strides', [2, 2]), attr.ints('kernel_shape', [3, 3])], ['input', 'c.w', 'c.b']);
      await expectEngineMatchesOrt(classifier([c], [weights('c.w', [4, 3, 3, 3]), weights('c.b', [4])], 'c', features));
    });
  }

  // onnxruntime's kernels drop such a window at every opset, but its static shape
  // inference only agrees from MaxPool-22 on, so a fixed-size Gemm after it needs opset 22.
  it('MaxPool: ceil_mode with padding drops a window that would start in the padding', async () => {
    const pool = node('MaxPool', ['input'], ['p'], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [3, 3]), attr.ints('pads', [1, 1, 1, 1]), attr.int('ceil_mode', 1)]);
    await expectEngineMatchesOrt(classifier([pool], [], 'p', 3 * 11 * 11, { opset: 22, irVersion: 10 }));
  });

  it('MaxPool: ceil_mode rounding up without padding', async () => {
    const pool = node('MaxPool', ['input'], ['p'], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.int('ceil_mode', 1)]);
    await expectEngineMatchesOrt(classifier([pool], [], 'p', 3 * 16 * 16));
  });

  it('MaxPool: asymmetric pads, floor mode, explicit dilations 1 and storage_order 0', async () => {
    const pool = node('MaxPool', ['input'], ['p'], [attr.ints('kernel_shape', [3, 3]), attr.ints('strides', [2, 2]), attr.ints('pads', [0, 1, 1, 0]), attr.ints('dilations', [1, 1]), attr.int('storage_order', 0)]);
    await expectEngineMatchesOrt(classifier([pool], [], 'p', 3 * 16 * 16));
  });

  const pool2 = node('MaxPool', ['input'], ['p'], [attr.ints('kernel_shape', [2, 2]), attr.ints('strides', [2, 2])]);

  it('Flatten: negative axis meaning 1', async () => {
    const flat = node('Flatten', ['p'], ['flat'], [attr.int('axis', -3)]);
    await expectEngineMatchesOrt(classifier([pool2, flat], [], 'flat', 768, {}, false));
  });

  for (const [label, shape] of [['[0,-1]', [0, -1]], ['[-1,768]', [-1, 768]], ['[0,768]', [0, 768]]] as const) {
    it(`Reshape to ${label} is a flatten`, async () => {
      const r = node('Reshape', ['p', 'shape'], ['flat']);
      await expectEngineMatchesOrt(classifier([pool2, r], [int64Tensor('shape', [2], [...shape])], 'flat', 768, {}, false));
    });
  }

  it('Reshape with a fixed batch of 1 ([1,768]), shape from a Constant node, allowzero=0', async () => {
    const shape = node('Constant', [], ['shape'], [attr.tensor('value', int64Tensor('', [2], [1, 768]))]);
    const r = node('Reshape', ['p', 'shape'], ['flat'], [attr.int('allowzero', 0)]);
    await expectEngineMatchesOrt(classifier([pool2, shape, r], [], 'flat', 768, { opset: 14, inputDims: [1, 3, 32, 32] }, false), 1);
  });

  it('Reshape to its own shape is a no-op; Constant value_ints supplies the shape', async () => {
    const shape = node('Constant', [], ['shape'], [attr.ints('value_ints', [0, 3, 16, 16])]);
    const r = node('Reshape', ['p', 'shape'], ['same']);
    await expectEngineMatchesOrt(classifier([pool2, shape, r], [], 'same', 768));
    expect(readOnnx(buildModelBytes(classifier([pool2, shape, r], [], 'same', 768))).layers.map((l) => l.kind)).toEqual(['maxpool2d', 'flatten', 'linear']);
  });

  it('Gemm: alpha, beta, transB=0 and a [1,K] bias fold into the linear weights', async () => {
    const g = node('Gemm', ['f', 'B', 'C'], ['logits'], [attr.float('alpha', 0.5), attr.float('beta', 2), attr.int('transB', 0), attr.int('transA', 0)]);
    await expectEngineMatchesOrt({ nodes: [pool4, flat4, g], initializers: [weights('B', [192, CLASSES], 0.1), weights('C', [1, CLASSES])] });
  });

  it('Gemm: transB=1 with a scalar bias, and Gemm without bias', async () => {
    const g1 = node('Gemm', ['f', 'B1', 'C'], ['h'], [attr.int('transB', 1), attr.float('beta', -1.5)]);
    const act = node('Sigmoid', ['h'], ['hs']);
    const g2 = node('Gemm', ['hs', 'B2'], ['logits'], [attr.int('transB', 1)]);
    await expectEngineMatchesOrt({ nodes: [pool4, flat4, g1, act, g2], initializers: [weights('B1', [8, 192], 0.1), floatTensor('C', [], [0.25]), weights('B2', [CLASSES, 8])] });
  });

  it('MatMul + Add (constant first) becomes one linear layer; MatMul alone has no bias', async () => {
    const mm = node('MatMul', ['f', 'W'], ['mm']);
    const add = node('Add', ['b', 'mm'], ['h']);
    const mm2 = node('MatMul', ['h', 'W2'], ['logits']);
    const parts = { nodes: [pool4, flat4, mm, add, mm2], initializers: [weights('W', [192, 8], 0.1), weights('b', [8]), weights('W2', [8, CLASSES])] };
    await expectEngineMatchesOrt(parts);
    const spec = readOnnx(buildModelBytes(parts));
    expect(spec.layers.map((l) => l.kind)).toEqual(['maxpool2d', 'flatten', 'linear', 'linear']);
    expect(Object.keys(spec.params)).toEqual(['net.2.weight', 'net.2.bias', 'net.3.weight']);
  });

  it('Add of a [C,1,1] or [1,C,1,1] constant after Conv folds into the conv bias', async () => {
    const c = conv([attr.ints('kernel_shape', [5, 5])], ['input', 'c.w', 'c.b']);
    const add1 = node('Add', ['c', 'b1'], ['c1']);
    const add2 = node('Add', ['c1', 'b2'], ['c2']);
    await expectEngineMatchesOrt(classifier([c, add1, add2], [weights('c.w', [4, 3, 5, 5]), weights('c.b', [4]), weights('b1', [4, 1, 1]), weights('b2', [1, 4, 1, 1])], 'c2', 4 * 28 * 28));
  });

  it('Relu, Identity (on an activation and on a weight) and Softmax with the opset-13 default axis', async () => {
    const id = node('Identity', ['tail.w'], ['w2']);
    const nodes = [pool4, node('Relu', ['p'], ['r']), node('Identity', ['r'], ['r2']), node('Flatten', ['r2'], ['f']), id, node('Gemm', ['f', 'w2', 'tail.b'], ['logits'], [attr.int('transB', 1)]), node('Softmax', ['logits'], ['probabilities'])];
    const parts = { nodes, initializers: [weights('tail.w', [CLASSES, 192], 0.1), weights('tail.b', [CLASSES])], outputs: ['probabilities', 'logits'] };
    await expectEngineMatchesOrt(parts);
    expect(readOnnx(buildModelBytes(parts)).layers.map((l) => l.kind)).toEqual(['maxpool2d', 'relu', 'flatten', 'linear', 'softmax']);
  });

  it('Softmax under opset 11 (default axis 1)', async () => {
    const nodes = [pool4, flat4, node('Gemm', ['f', 'W', 'b'], ['z'], [attr.int('transB', 1)]), node('Softmax', ['z'], ['probabilities'])];
    await expectEngineMatchesOrt({ nodes, initializers: [weights('W', [CLASSES, 192], 0.1), weights('b', [CLASSES])], outputs: ['probabilities'], opset: 11, irVersion: 6 });
  });

  it('IR 3 layout: initializers also listed as graph inputs, opset 8', async () => {
    const nodes = [pool4, flat4, node('Gemm', ['f', 'W', 'b'], ['logits'], [attr.int('transB', 1)])];
    await expectEngineMatchesOrt({ nodes, initializers: [weights('W', [CLASSES, 192], 0.1), weights('b', [CLASSES])], extraInputs: ['W', 'b'], opset: 8, irVersion: 3 });
  });
});

describe('op table: refusals name the file, node and reason', () => {
  const gemmTail = (from: string, features: number) => tail(from, features);
  const base = (body: NodeProto[], inits: TensorProto[], from: string, features: number, extra: Partial<GraphParts> = {}) => {
    const t = gemmTail(from, features);
    return { nodes: [...body, ...t.nodes], initializers: [...inits, ...t.initializers], ...extra };
  };

  it('unsupported op: op type, node name and opset', () => {
    expectRefusal(base([node('LeakyRelu', ['input'], ['a'], [], 'my_relu')], [], 'a', 3072), /unsupported op "LeakyRelu" \(node "my_relu", opset 13\)/);
    const custom = { ...node('Relu', ['input'], ['a'], [], 'ms'), domain: 'com.microsoft' };
    expectRefusal(base([custom], [], 'a', 3072), /unsupported op "Relu" \(node "ms", domain com.microsoft, opset 13\)/);
  });

  it('Conv features the engine lacks: groups, dilations', () => {
    expectRefusal(base([conv([attr.int('group', 3)])], [weights('c.w', [3, 1, 3, 3])], 'c', 3 * 900), /node "Conv_c" \(Conv\): group=3/);
    expectRefusal(base([conv([attr.ints('dilations', [2, 2])])], [weights('c.w', [4, 3, 3, 3])], 'c', 4 * 784), /dilations=\[2,2\] not supported/);
  });

  it('attributes: unknown names, wrong types, pads with auto_pad', () => {
    expectRefusal(base([conv([attr.int('padding', 1)])], [weights('c.w', [4, 3, 3, 3])], 'c', 3600), /unknown attribute "padding"/);
    expectRefusal(base([conv([attr.int('pads', 1)])], [weights('c.w', [4, 3, 3, 3])], 'c', 3600), /attribute "pads" must be INTS, got INT/);
    expectRefusal(base([conv([attr.string('auto_pad', 'SAME_UPPER'), attr.ints('pads', [1, 1, 1, 1])])], [weights('c.w', [4, 3, 3, 3])], 'c', 4096), /cannot be combined with pads/);
  });

  it('Gemm transA, Softmax across the batch, Flatten mixing the batch', () => {
    expectRefusal(base([pool4, flat4, node('Gemm', ['f', 'B'], ['g'], [attr.int('transA', 1)])], [weights('B', [192, 8])], 'g', 8), /transA=1/);
    const sm = { nodes: [pool4, flat4, node('Gemm', ['f', 'W'], ['z'], [attr.int('transB', 1)]), node('Softmax', ['z'], ['logits'], [attr.int('axis', 0)])], initializers: [weights('W', [CLASSES, 192])] };
    expectRefusal(sm, /Softmax\): axis=0 would normalise across the batch/);
    expectRefusal(base([pool4, node('Flatten', ['p'], ['f2'], [attr.int('axis', 2)])], [], 'f2', 192), /axis=2 does not keep the batch dimension apart/);
  });

  it('Reshape that is not a batch-preserving flatten', () => {
    expectRefusal(base([pool4, node('Reshape', ['p', 's'], ['r'])], [int64Tensor('s', [3], [0, 3, -1])], 'r', 192), /reshape \[N,3,8,8\] → \[N,3,64\] is not a flatten/);
    expectRefusal(base([pool4, node('Reshape', ['p', 's'], ['r'])], [int64Tensor('s', [2], [2, -1])], 'r', 192), /fixes the batch to 2 but the input batch is N/);
    expectRefusal(base([pool4, node('Reshape', ['p', 's'], ['r'])], [int64Tensor('s', [2], [-1, -1])], 'r', 192), /more than one -1/);
  });

  it('graphs that are not one unbranched image-classifier chain', () => {
    const branch = [node('Relu', ['input'], ['a']), node('Sigmoid', ['input'], ['b'])];
    expectRefusal(base(branch, [], 'a', 3072), /"input" is also used by node "Relu_a" \(Relu\); only a single chain/);
    expectRefusal(base([node('Relu', ['input'], ['a'])], [], 'a', 3072, { inputDims: ['N', 1, 28, 28] }), /expected one float32 image input \[N,3,32,32\]; found "input" float32 \[N,1,28,28\]/);
    expectRefusal(base([node('Relu', ['input'], ['a'])], [], 'a', 3072, { extraInputs: ['second'] }), /found "input" float32 \[N,3,32,32\], "second" float32 \(no shape\)/);
    expectRefusal(base([node('Relu', ['input'], ['a'])], [], 'a', 3072, { outputs: ['logits', 'a'] }), /graph output "a" is not the end of the layer chain/);
    expectRefusal({ nodes: [conv([])], initializers: [weights('c.w', [4, 3, 5, 5])], outputs: ['c'] }, /the chain ends in \[4,28,28\]; a classifier must end in \[classes\]/);
    expectRefusal(base([node('Relu', ['nowhere'], ['a'])], [], 'a', 3072), /reads "nowhere", which no earlier node, input or initializer defines/);
    expectRefusal(base([node('Add', ['input', 'input'], ['a'])], [], 'a', 3072), /only adding a constant/);
    expectRefusal(base([pool4, flat4, node('Add', ['f', 'k'], ['a'])], [weights('k', [192])], 'a', 192), /only a bias added right after Gemm\/MatMul\/Conv/);
  });

  it('opsets outside the supported range, constants we cannot use, MaxPool Indices', () => {
    expectRefusal(base([node('Relu', ['input'], ['a'])], [], 'a', 3072, { opset: 6, irVersion: 3 }), /opset 6 not supported \(reads 7\.\.26\)/);
    expectRefusal(base([node('Constant', [], ['k'], [attr.string('value_string', 'x')]), node('Relu', ['input'], ['a'])], [], 'a', 3072), /value_string constants are not supported/);
    const pool = node('MaxPool', ['input'], ['p', 'idx'], [attr.ints('kernel_shape', [2, 2])]);
    expectRefusal(base([pool], [], 'p', 3 * 31 * 31), /only the first output is supported/);
    expectRefusal(base([node('MaxPool', ['input'], ['p'], [attr.int('ceil_mode', 1), attr.ints('kernel_shape', [2, 2])])], [], 'p', 3 * 31 * 31, { opset: 9, irVersion: 4 }), /attribute "ceil_mode" needs opset 10/);
  });
});

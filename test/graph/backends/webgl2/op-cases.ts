/**
 * Single-op graphs for the webgl2 device's own routes, the ones ONNX's
 * conformance cases barely touch: blocked and padded convolutions (pointwise,
 * dense, depthwise, grouped, strided, dilated, 1-D, 3-D, wide kernels), pools with
 * ceil_mode and padding, copies with every pad mode, batched broadcast MatMul,
 * long Concats, normalizations. The page runs each on webgl2 and on the float64
 * reference device with the same seeded inputs.
 */
import type { AttributeValue } from '../../../../src/graph/executor/graph-ir.js';

export interface OpCase {
  name: string;
  op: string;
  /** Float inputs (random, seeded) by shape; `int64` entries are constants given as values. */
  inputs: ({ dims: number[] } | { int64: number[] } | null)[];
  attrs?: Record<string, AttributeValue>;
  opset?: number;
  outputs?: number;
  /** Inputs are uniform in [−2, 2] times this (default 1), plus `shift` (default 0). */
  scale?: number;
  shift?: number;
}

const i = (value: number): AttributeValue => ({ kind: 'int', value });
const is = (value: number[]): AttributeValue => ({ kind: 'ints', value });
const f = (value: number): AttributeValue => ({ kind: 'float', value });
const s = (value: string): AttributeValue => ({ kind: 'string', value });
const t = (...dims: number[]) => ({ dims });
const ints = (...values: number[]) => ({ int64: values });

export const OP_CASES: readonly OpCase[] = [
  { name: 'pointwise, blocked, 36 positions', op: 'Conv', inputs: [t(1, 8, 6, 6), t(12, 8, 1, 1), t(12)] },
  { name: 'pointwise, 25 positions padded to 28', op: 'Conv', inputs: [t(2, 8, 5, 5), t(8, 8, 1, 1)] },
  { name: 'pointwise, 3 input channels', op: 'Conv', inputs: [t(1, 3, 4, 4), t(4, 3, 1, 1), t(4)] },
  { name: 'dense 3x3 pad 1, odd width', op: 'Conv', inputs: [t(1, 4, 7, 9), t(8, 4, 3, 3), t(8)], attrs: { pads: is([1, 1, 1, 1]) } },
  { name: 'stride 2 dilation 2 pad 2', op: 'Conv', inputs: [t(2, 3, 11, 13), t(4, 3, 3, 3)], attrs: { strides: is([2, 2]), dilations: is([2, 2]), pads: is([2, 2, 2, 2]) } },
  { name: 'asymmetric pads, SAME_LOWER', op: 'Conv', inputs: [t(1, 2, 9, 10), t(4, 2, 4, 3)], attrs: { auto_pad: s('SAME_LOWER'), strides: is([2, 1]) } },
  { name: 'depthwise 3x3 stride 1', op: 'Conv', inputs: [t(1, 6, 8, 8), t(6, 1, 3, 3), t(6)], attrs: { group: i(6), pads: is([1, 1, 1, 1]) } },
  { name: 'depthwise 3x3 stride 2, 7 wide out', op: 'Conv', inputs: [t(1, 5, 14, 14), t(5, 1, 3, 3)], attrs: { group: i(5), strides: is([2, 2]), pads: is([1, 1, 1, 1]) } },
  { name: 'depthwise 5x5 (kernel rows over two texels)', op: 'Conv', inputs: [t(1, 4, 12, 12), t(4, 1, 5, 5)], attrs: { group: i(4), pads: is([2, 2, 2, 2]) } },
  { name: 'grouped, 2 output channels per group', op: 'Conv', inputs: [t(1, 8, 6, 6), t(8, 2, 3, 3)], attrs: { group: i(4) } },
  { name: 'grouped, blocked', op: 'Conv', inputs: [t(1, 8, 6, 6), t(16, 4, 3, 3), t(16)], attrs: { group: i(2), pads: is([0, 1, 2, 1]) } },
  { name: 'depth multiplier 2', op: 'Conv', inputs: [t(1, 4, 8, 8), t(8, 1, 3, 3)], attrs: { group: i(4), pads: is([1, 1, 1, 1]) } },
  { name: '1-D stride 2 pads 2', op: 'Conv', inputs: [t(2, 4, 20), t(8, 4, 5), t(8)], attrs: { strides: is([2]), pads: is([2, 2]) } },
  { name: '1-D depthwise dilated', op: 'Conv', inputs: [t(1, 3, 17), t(3, 1, 3)], attrs: { group: i(3), dilations: is([3]) } },
  { name: '3-D', op: 'Conv', inputs: [t(1, 2, 4, 5, 6), t(4, 2, 3, 3, 3)], attrs: { pads: is([1, 1, 1, 1, 1, 1]) } },
  { name: 'one output column', op: 'Conv', inputs: [t(1, 3, 5, 5), t(4, 3, 5, 5)] },
  { name: 'ConvTranspose stride 2 output_padding', op: 'ConvTranspose', inputs: [t(1, 4, 5, 5), t(4, 3, 3, 3), t(3)], attrs: { strides: is([2, 2]), pads: is([1, 1, 1, 1]), output_padding: is([1, 1]) } },
  { name: 'ConvTranspose grouped', op: 'ConvTranspose', inputs: [t(2, 4, 3, 4), t(4, 2, 2, 2)], attrs: { group: i(2) } },
  { name: 'MaxPool ceil_mode pads dilations', op: 'MaxPool', inputs: [t(1, 3, 11, 10)], attrs: { kernel_shape: is([3, 3]), strides: is([2, 2]), pads: is([1, 0, 1, 0]), ceil_mode: i(1), dilations: is([1, 2]) }, opset: 12 },
  { name: 'AveragePool count_include_pad ceil_mode', op: 'AveragePool', inputs: [t(2, 2, 7, 9)], attrs: { kernel_shape: is([3, 3]), strides: is([2, 2]), pads: is([1, 1, 1, 1]), ceil_mode: i(1), count_include_pad: i(1) }, opset: 11 },
  { name: 'AveragePool excluding pads', op: 'AveragePool', inputs: [t(1, 3, 8, 8)], attrs: { kernel_shape: is([3, 3]), pads: is([1, 1, 1, 1]) } },
  { name: 'MaxPool of negatives, odd width, ceil_mode', op: 'MaxPool', inputs: [t(1, 2, 11, 11)], attrs: { kernel_shape: is([3, 3]), strides: is([2, 2]), ceil_mode: i(1) }, opset: 12, shift: -3 },
  { name: 'MaxPool 1-D', op: 'MaxPool', inputs: [t(2, 3, 13)], attrs: { kernel_shape: is([4]), strides: is([3]), pads: is([2, 1]) } },
  { name: 'AveragePool count_include_pad asymmetric, odd width', op: 'AveragePool', inputs: [t(1, 2, 9, 10)], attrs: { kernel_shape: is([2, 3]), strides: is([1, 2]), pads: is([1, 2, 0, 1]), count_include_pad: i(1) } },
  { name: 'AveragePool 3-D (scalar body)', op: 'AveragePool', inputs: [t(1, 2, 4, 5, 6)], attrs: { kernel_shape: is([2, 2, 2]) } },
  { name: 'GlobalAveragePool 49 positions', op: 'GlobalAveragePool', inputs: [t(2, 6, 7, 7)] },
  { name: 'GlobalMaxPool 64 positions', op: 'GlobalMaxPool', inputs: [t(2, 5, 8, 8)] },
  { name: 'Pad reflect', op: 'Pad', inputs: [t(2, 3, 4, 5), ints(0, 0, 2, 3, 0, 0, 3, 4)], attrs: { mode: s('reflect') } },
  { name: 'Pad edge with a crop', op: 'Pad', inputs: [t(2, 3, 4, 5), ints(0, 1, -1, 2, 0, 0, 3, -2)], attrs: { mode: s('edge') } },
  { name: 'Pad wrap', op: 'Pad', inputs: [t(3, 4), ints(2, 5, 1, 6)], attrs: { mode: s('wrap') }, opset: 19 },
  { name: 'Pad constant', op: 'Pad', inputs: [t(1, 2, 3), ints(0, 1, 1, 0, 2, 3)] },
  { name: 'MatMul batched broadcast', op: 'MatMul', inputs: [t(2, 1, 3, 8), t(4, 8, 4)] },
  { name: 'MatMul vector times matrix', op: 'MatMul', inputs: [t(5), t(5, 3)] },
  { name: 'MatMul matrix times vector', op: 'MatMul', inputs: [t(2, 3, 6), t(6)] },
  { name: 'MatMul odd sizes', op: 'MatMul', inputs: [t(3, 7, 5), t(3, 5, 9)] },
  { name: 'Gemm transA transB, C per row', op: 'Gemm', inputs: [t(6, 4), t(5, 6), t(4, 1)], attrs: { transA: i(1), transB: i(1), alpha: f(0.5), beta: f(2) } },
  { name: 'Gemm C per column, 8 columns', op: 'Gemm', inputs: [t(3, 5), t(5, 8), t(8)] },
  { name: 'Softmax axis 1 of 3', op: 'Softmax', inputs: [t(2, 3, 4)], attrs: { axis: i(1) } },
  { name: 'LogSoftmax opset 11 (2-D coercion)', op: 'LogSoftmax', inputs: [t(2, 3, 4)], attrs: { axis: i(1) }, opset: 11 },
  { name: 'ReduceMean two axes', op: 'ReduceMean', inputs: [t(3, 4, 5), ints(0, 2)], attrs: { keepdims: i(0) }, opset: 18 },
  { name: 'ReduceMax last axis', op: 'ReduceMax', inputs: [t(2, 3, 7)], attrs: { axes: is([-1]) }, opset: 13 },
  { name: 'ReduceSum all', op: 'ReduceSum', inputs: [t(4, 6)], opset: 13 },
  { name: 'Concat of 11 inputs', op: 'Concat', inputs: Array.from({ length: 11 }, (_, k) => t(2, 1 + (k % 3), 5)), attrs: { axis: i(1) } },
  { name: 'Concat of texel rows', op: 'Concat', inputs: [t(1, 2, 4, 4), t(1, 3, 4, 4)], attrs: { axis: i(1) } },
  { name: 'Split uneven', op: 'Split', inputs: [t(2, 7, 3), ints(2, 4, 1)], attrs: { axis: i(1) }, outputs: 3 },
  { name: 'Slice negative steps', op: 'Slice', inputs: [t(5, 6, 7), ints(-1, 5), ints(-6, 0), ints(0, 2), ints(-2, -3)] },
  { name: 'Transpose', op: 'Transpose', inputs: [t(2, 3, 4, 5)], attrs: { perm: is([0, 2, 3, 1]) } },
  { name: 'Tile', op: 'Tile', inputs: [t(2, 3), ints(3, 2)] },
  { name: 'Expand', op: 'Expand', inputs: [t(3, 1), ints(2, 1, 6)] },
  { name: 'Gather axis 1, negative index', op: 'Gather', inputs: [t(3, 5, 2), ints(4, -1, 0, 2)], attrs: { axis: i(1) } },
  { name: 'LayerNormalization over two axes', op: 'LayerNormalization', inputs: [t(2, 3, 4), t(3, 4), t(3, 4)], attrs: { axis: i(-2) }, opset: 17, outputs: 3 },
  { name: 'InstanceNormalization', op: 'InstanceNormalization', inputs: [t(2, 3, 5, 5), t(3), t(3)] },
  { name: 'BatchNormalization', op: 'BatchNormalization', inputs: [t(2, 3, 4, 5), t(3), t(3), t(3), t(3)] },
  { name: 'PRelu per channel', op: 'PRelu', inputs: [t(2, 3, 4, 4), t(3, 1, 1)] },
  { name: 'Add broadcast both ways', op: 'Add', inputs: [t(3, 1, 5), t(4, 1)] },
  { name: 'Div by a channel vector', op: 'Div', inputs: [t(2, 8, 3, 4), t(8, 1, 1)] },
  { name: 'Pow with a negative base', op: 'Pow', inputs: [t(2, 6), t(1)] },
  { name: 'Sum of 10', op: 'Sum', inputs: Array.from({ length: 10 }, () => t(3, 4)) },
  { name: 'Erf', op: 'Erf', inputs: [t(4, 50)] },
  { name: 'Sin over several periods', op: 'Sin', inputs: [t(4, 50)], scale: 20 },
  { name: 'Cos over several periods', op: 'Cos', inputs: [t(4, 50)], scale: 20 },
  { name: 'Tanh', op: 'Tanh', inputs: [t(4, 50)] },
  { name: 'Elu', op: 'Elu', inputs: [t(4, 50)], attrs: { alpha: f(0.7) } },
  { name: 'HardSwish', op: 'HardSwish', inputs: [t(4, 50)], opset: 14 },
  { name: 'Softplus', op: 'Softplus', inputs: [t(4, 50)] },
];

/**
 * The webgl2 device's GPU kernels, one entry per ONNX op type (`since`: first
 * opset). Ops missing here, and cases a kernel declines, run on the CPU device.
 */
import type { GpuKernel } from './gpu-kernel.js';
import * as binary from './kernels/binary.js';
import { expand, tile, where } from './kernels/broadcast-copy.js';
import { concat } from './kernels/concat.js';
import { conv, convKernel } from './kernels/conv.js';
import { convTranspose } from './kernels/conv-transpose.js';
import { gather } from './kernels/gather.js';
import { gemm } from './kernels/gemm.js';
import { matmul } from './kernels/matmul.js';
import { batchNormalization, instanceNormalization, layerNormalization } from './kernels/normalization.js';
import { pad } from './kernels/pad.js';
import { averagePool, globalAveragePool, globalMaxPool, maxPool } from './kernels/pool.js';
import { REDUCE_KERNELS } from './kernels/reduce.js';
import { slice } from './kernels/slice.js';
import { logSoftmax, softmax } from './kernels/softmax.js';
import { split } from './kernels/split.js';
import { transpose } from './kernels/transpose.js';
import { clip, UNARY_SNIPPETS, unaryKernel } from './kernels/unary.js';
import * as views from './kernels/views.js';

export interface GpuKernelEntry {
  readonly since?: number;
  readonly kernel: GpuKernel;
}

const entry = (kernel: GpuKernel, since?: number): GpuKernelEntry => (since === undefined ? { kernel } : { kernel, since });

export const GPU_KERNELS: ReadonlyMap<string, GpuKernelEntry> = new Map<string, GpuKernelEntry>([
  ...[...UNARY_SNIPPETS].map(([op, snippet]) => [op, entry(unaryKernel(snippet))] as const),
  ['Clip', entry(clip)],
  ['Add', entry(binary.add)],
  ['Sub', entry(binary.sub)],
  ['Mul', entry(binary.mul)],
  ['Div', entry(binary.div)],
  ['Pow', entry(binary.pow)],
  ['PRelu', entry(binary.prelu)],
  ['Sum', entry(binary.sum)],
  ['Mean', entry(binary.mean)],
  ['Max', entry(binary.max)],
  ['Min', entry(binary.min)],
  ['Where', entry(where, 9)],
  ['Expand', entry(expand, 8)],
  ['Tile', entry(tile, 6)],
  ['Conv', entry(conv)],
  ['ConvTranspose', entry(convTranspose)],
  ['MaxPool', entry(maxPool)],
  ['AveragePool', entry(averagePool)],
  ['GlobalAveragePool', entry(globalAveragePool)],
  ['GlobalMaxPool', entry(globalMaxPool)],
  ['BatchNormalization', entry(batchNormalization)],
  ['InstanceNormalization', entry(instanceNormalization)],
  ['LayerNormalization', entry(layerNormalization, 17)],
  ['Gemm', entry(gemm)],
  ['MatMul', entry(matmul)],
  ['Softmax', entry(softmax)],
  ['LogSoftmax', entry(logSoftmax)],
  ...[...REDUCE_KERNELS].map(([op, kernel]) => [op, entry(kernel)] as const),
  ['Concat', entry(concat)],
  ['Split', entry(split)],
  ['Slice', entry(slice)],
  ['Transpose', entry(transpose)],
  ['Pad', entry(pad)],
  ['Gather', entry(gather)],
  ['Reshape', entry(views.reshape)],
  ['Flatten', entry(views.flatten)],
  ['Squeeze', entry(views.squeeze)],
  ['Unsqueeze', entry(views.unsqueeze)],
  ['Identity', entry(views.identity)],
  ['Dropout', entry(views.dropout)],
  ['Shape', entry(views.shapeOf)],
  ['Size', entry(views.sizeOf)],
]);

/** Kernels that clamp their output in the same pass, by op type (the executor folds Relu/Clip into Conv). */
export const CLAMPED_GPU_KERNELS: ReadonlyMap<string, (clamp: readonly [number, number]) => GpuKernel> = new Map([['Conv', convKernel]]);

/**
 * Extra kernel cases for the fast CPU backend, on top of the shared ones: the shapes
 * its kernels special-case (LeNet at training and inference batch sizes, tile edges,
 * odd channel counts for the 4/6-row panels, reductions longer than one GEMM block,
 * products small enough to stay on one thread) and batch 1.
 */
import type { Conv2dGeometry, GemmGeometry } from '../../../../src/graph/backend.js';
import type { KernelCase } from '../kernel-cases.js';

function conv(
  batch: number, c: number, h: number, w: number, o: number, k: [number, number],
  s: [number, number] = [1, 1], p: [number, number, number, number] = [0, 0, 0, 0],
): Conv2dGeometry {
  return {
    batch, inChannels: c, inHeight: h, inWidth: w, outChannels: o, kernelHeight: k[0], kernelWidth: k[1],
    strideHeight: s[0], strideWidth: s[1], padTop: p[0], padLeft: p[1], padBottom: p[2], padRight: p[3],
    outHeight: Math.floor((h + p[0] + p[2] - k[0]) / s[0]) + 1, outWidth: Math.floor((w + p[1] + p[3] - k[1]) / s[1]) + 1,
  };
}

const CONVS: [string, Conv2dGeometry][] = [
  ['lenet conv1 batch 64', conv(64, 3, 32, 32, 6, [5, 5])],
  ['lenet conv2 batch 64', conv(64, 6, 14, 14, 16, [5, 5])],
  ['lenet conv3 batch 64', conv(64, 16, 5, 5, 120, [5, 5])],
  ['batch 1 conv1', conv(1, 3, 32, 32, 6, [5, 5])],
  ['batch 1, 7 outputs, odd 11x13 image', conv(1, 2, 11, 13, 7, [3, 3])],
  ['5 outputs (4+1 panel rows), width 3 tail', conv(3, 4, 9, 7, 5, [3, 5])],
  ['13 outputs, pad 2 all round', conv(2, 3, 10, 10, 13, [5, 5], [1, 1], [2, 2, 2, 2])],
  ['asymmetric padding, 1x1 kernel', conv(2, 5, 6, 9, 9, [1, 1], [1, 1], [0, 1, 2, 0])],
  ['stride 2, no padding', conv(3, 3, 16, 16, 8, [3, 3], [2, 2])],
  ['stride 2x1, 3 batch', conv(3, 2, 9, 12, 6, [2, 4], [2, 1], [1, 1, 0, 2])],
  ['single output pixel with padding (not a matrix product)', conv(2, 3, 3, 3, 4, [5, 5], [1, 1], [1, 1, 1, 1])],
  ['whole-image kernel, 1 image', conv(1, 16, 5, 5, 120, [5, 5])],
  ['padding larger than kernel - 1', conv(2, 2, 5, 5, 3, [2, 2], [1, 1], [2, 2, 2, 2])],
  // Input gradient: kernels wider than one 5-column weight panel, every panel width,
  // batches that leave 1-3 images in the last group of four.
  ['7-wide kernel (5+2 column panels), batch 5, padding', conv(5, 3, 12, 11, 4, [3, 7], [1, 1], [1, 3, 2, 3])],
  ['6-wide kernel (5+1 column panels), batch 6, odd output width', conv(6, 2, 9, 10, 3, [2, 6])],
  ['4x4 kernel, batch 7, asymmetric padding', conv(7, 2, 8, 9, 5, [4, 4], [1, 1], [1, 2, 0, 1])],
];

const GEMMS: [string, GemmGeometry, boolean][] = [
  ['fc1 forward at batch 256', { m: 256, n: 84, k: 120, transA: false, transB: true, alpha: 1, beta: 1 }, true],
  ['conv3 as gemm, dW 120x400 over 64', { m: 120, n: 400, k: 64, transA: true, transB: false, alpha: 1, beta: 0 }, false],
  ['k longer than one block (1100)', { m: 37, n: 19, k: 1100, transA: false, transB: false, alpha: 1.5, beta: 0.25 }, true],
  ['k 1100 transposed both', { m: 9, n: 70, k: 1100, transA: true, transB: true, alpha: 1, beta: 0 }, false],
  ['m=1 row', { m: 1, n: 10, k: 84, transA: false, transB: true, alpha: 1, beta: 1 }, true],
  ['m=5 n=3 k=1', { m: 5, n: 3, k: 1, transA: false, transB: false, alpha: 1, beta: 1 }, true],
  ['parallel with ragged edges 66x130x70', { m: 66, n: 130, k: 70, transA: false, transB: true, alpha: -0.5, beta: 2 }, true],
];

export const CPU_CASES: readonly KernelCase[] = [
  ...CONVS.flatMap(([label, geometry], i): KernelCase[] => [
    { name: `conv2d ${label}`, seed: 5100 + i, kernel: 'conv2d', geometry, bias: true },
    { name: `conv2dBackwardInput ${label}`, seed: 5200 + i, kernel: 'conv2dBackwardInput', geometry },
    { name: `conv2dBackwardWeight ${label}`, seed: 5300 + i, kernel: 'conv2dBackwardWeight', geometry },
    { name: `conv2dBackwardBias ${label}`, seed: 5400 + i, kernel: 'conv2dBackwardBias', geometry },
  ]),
  ...GEMMS.map(([label, geometry, bias], i): KernelCase => ({ name: `gemm ${label}`, seed: 5800 + i, kernel: 'gemm', geometry, bias })),
  { name: 'maxPool2d lenet pool1 batch 64', seed: 5500, kernel: 'maxPool2d', geometry: pool(64, 6, 28, 28, 2, 2) },
  { name: 'maxPool2dBackward lenet pool1 batch 64', seed: 5501, kernel: 'maxPool2dBackward', geometry: pool(64, 6, 28, 28, 2, 2) },
  { name: 'maxPool2d 3x3 stride 1 batch 1', seed: 5502, kernel: 'maxPool2d', geometry: pool(1, 3, 7, 8, 3, 1) },
  { name: 'sigmoid 301056 (parallel)', seed: 5700, kernel: 'unary', op: 'sigmoid', size: 301056, range: 10 },
  { name: 'sigmoid 1003 (odd tail)', seed: 5701, kernel: 'unary', op: 'sigmoid', size: 1003, range: 90 },
  { name: 'relu 70001 (parallel, odd)', seed: 5702, kernel: 'unary', op: 'relu', size: 70001, range: 2 },
  { name: 'sigmoid backward 301056', seed: 5710, kernel: 'unaryBackward', op: 'sigmoid', size: 301056, range: 1 },
  { name: 'relu backward 70001', seed: 5711, kernel: 'unaryBackward', op: 'relu', size: 70001, range: 1 },
  { name: 'sumRows 3x7', seed: 5900, kernel: 'sumRows', rows: 3, cols: 7, range: 1 },
];

function pool(batch: number, channels: number, h: number, w: number, k: number, s: number) {
  return {
    batch, channels, inHeight: h, inWidth: w, kernelHeight: k, kernelWidth: k, strideHeight: s, strideWidth: s,
    padTop: 0, padLeft: 0, outHeight: Math.floor((h - k) / s) + 1, outWidth: Math.floor((w - k) / s) + 1,
  };
}

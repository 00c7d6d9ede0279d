/**
 * Kernel test cases shared by every backend's tests (reference, fast CPU, WebGL2):
 * plain data only — kernel name, geometry and the seed of the random inputs.
 * `kernel-case-runner.ts` turns a case into backend calls; each backend's test
 * compares its outputs with the float32 reference backend on the same case.
 */
import type { AdamOptions, Conv2dGeometry, GemmGeometry, Pool2dGeometry, SgdOptions, UnaryOp } from '../../../src/graph/backend.js';

export type KernelCase = { name: string; seed: number } & (
  | { kernel: 'conv2d'; geometry: Conv2dGeometry; bias: boolean }
  | { kernel: 'conv2dBackwardInput' | 'conv2dBackwardWeight' | 'conv2dBackwardBias'; geometry: Conv2dGeometry }
  | { kernel: 'maxPool2d' | 'maxPool2dBackward'; geometry: Pool2dGeometry }
  /** Inputs are uniform in ±range. */
  | { kernel: 'unary' | 'unaryBackward'; op: UnaryOp; size: number; range: number }
  | { kernel: 'gemm'; geometry: GemmGeometry; bias: boolean }
  | { kernel: 'sumRows' | 'softmax'; rows: number; cols: number; range: number }
  | { kernel: 'softmaxCrossEntropy' | 'softmaxCrossEntropyBackward'; batch: number; classes: number; range: number }
  | { kernel: 'add' | 'addInPlace' | 'copy'; size: number }
  | { kernel: 'scale' | 'fill'; size: number; value: number }
  /** `steps` successive updates, each with a fresh random gradient. */
  | { kernel: 'sgdStep'; size: number; steps: number; options: SgdOptions }
  | { kernel: 'adamStep'; size: number; steps: number; options: Omit<AdamOptions, 'step'> }
);

function conv(
  batch: number, inChannels: number, inHeight: number, inWidth: number, outChannels: number,
  [kernelHeight, kernelWidth]: [number, number],
  [strideHeight, strideWidth]: [number, number] = [1, 1],
  [padTop, padLeft, padBottom, padRight]: [number, number, number, number] = [0, 0, 0, 0],
): Conv2dGeometry {
  const outHeight = Math.floor((inHeight + padTop + padBottom - kernelHeight) / strideHeight) + 1;
  const outWidth = Math.floor((inWidth + padLeft + padRight - kernelWidth) / strideWidth) + 1;
  return {
    batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
    strideHeight, strideWidth, padTop, padLeft, padBottom, padRight, outHeight, outWidth,
  };
}

function pool(batch: number, channels: number, inHeight: number, inWidth: number, k: number, s: number, pad = 0): Pool2dGeometry {
  const out = (n: number) => Math.floor((n + 2 * pad - k) / s) + 1;
  return {
    batch, channels, inHeight, inWidth, kernelHeight: k, kernelWidth: k, strideHeight: s, strideWidth: s,
    padTop: pad, padLeft: pad, outHeight: out(inHeight), outWidth: out(inWidth),
  };
}

const CONVS: [string, Conv2dGeometry][] = [
  ['lenet conv1 3→6 32x32', conv(2, 3, 32, 32, 6, [5, 5])],
  ['lenet conv2 6→16 14x14', conv(2, 6, 14, 14, 16, [5, 5])],
  ['lenet conv3 16→120 5x5', conv(3, 16, 5, 5, 120, [5, 5])],
  ['padded strided 3x2 kernel', conv(2, 3, 9, 7, 4, [3, 2], [2, 1], [1, 0, 2, 1])],
  ['stride 3 pad 2', conv(1, 2, 8, 8, 3, [3, 3], [3, 3], [2, 2, 2, 2])],
  ['vertical padding, rows of 4', conv(2, 2, 6, 8, 3, [3, 5], [1, 1], [2, 0, 1, 0])],
];

const GEMMS: [string, GemmGeometry, boolean][] = [
  ['linear forward 64x120·84x120ᵀ + bias', { m: 64, n: 84, k: 120, transA: false, transB: true, alpha: 1, beta: 1 }, true],
  ['linear dx 64x84·84x120', { m: 64, n: 120, k: 84, transA: false, transB: false, alpha: 1, beta: 0 }, false],
  ['linear dW 64x10ᵀ·64x84', { m: 10, n: 84, k: 64, transA: true, transB: false, alpha: 1, beta: 0 }, false],
  ['both transposed, alpha 0.5, beta -2', { m: 7, n: 5, k: 9, transA: true, transB: true, alpha: 0.5, beta: -2 }, true],
  ['A·B with k not a multiple of 4', { m: 6, n: 8, k: 10, transA: false, transB: false, alpha: 1, beta: 0 }, false],
  ['A·Bᵀ with 10 columns + bias', { m: 64, n: 10, k: 84, transA: false, transB: true, alpha: 1, beta: 1 }, true],
  ['A·Bᵀ with k not a multiple of 4', { m: 5, n: 12, k: 7, transA: false, transB: true, alpha: 1.5, beta: 1 }, true],
];

const SGD: SgdOptions = { lr: 0.05, momentum: 0.9, weightDecay: 5e-4, nesterov: false, dampening: 0 };
const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };

export const KERNEL_CASES: readonly KernelCase[] = [
  ...CONVS.flatMap(([label, geometry], i): KernelCase[] => [
    { name: `conv2d ${label}`, seed: 100 + i, kernel: 'conv2d', geometry, bias: true },
    { name: `conv2dBackwardInput ${label}`, seed: 200 + i, kernel: 'conv2dBackwardInput', geometry },
    { name: `conv2dBackwardWeight ${label}`, seed: 300 + i, kernel: 'conv2dBackwardWeight', geometry },
    { name: `conv2dBackwardBias ${label}`, seed: 400 + i, kernel: 'conv2dBackwardBias', geometry },
  ]),
  { name: 'conv2d without bias', seed: 105, kernel: 'conv2d', geometry: conv(2, 3, 6, 6, 2, [3, 3]), bias: false },
  { name: 'conv2dBackwardWeight batch 16 (split reduction)', seed: 305, kernel: 'conv2dBackwardWeight', geometry: conv(16, 3, 12, 12, 6, [5, 5]) },
  { name: 'conv2dBackwardBias batch 16 (split reduction)', seed: 405, kernel: 'conv2dBackwardBias', geometry: conv(16, 3, 12, 12, 6, [5, 5]) },
  ...([['2x2/2 on 28x28', pool(2, 6, 28, 28, 2, 2)], ['3x3/2 pad 1 overlapping', pool(2, 3, 9, 9, 3, 2, 1)], ['2x2/2 odd 5x5', pool(1, 2, 5, 5, 2, 2)]] as const)
    .flatMap(([label, geometry], i): KernelCase[] => [
      { name: `maxPool2d ${label}`, seed: 500 + i, kernel: 'maxPool2d', geometry },
      { name: `maxPool2dBackward ${label}`, seed: 600 + i, kernel: 'maxPool2dBackward', geometry },
    ]),
  { name: 'sigmoid', seed: 700, kernel: 'unary', op: 'sigmoid', size: 1000, range: 8 },
  { name: 'sigmoid saturated', seed: 701, kernel: 'unary', op: 'sigmoid', size: 200, range: 120 },
  { name: 'relu', seed: 702, kernel: 'unary', op: 'relu', size: 1000, range: 3 },
  { name: 'sigmoid backward', seed: 710, kernel: 'unaryBackward', op: 'sigmoid', size: 1000, range: 1 },
  { name: 'relu backward', seed: 711, kernel: 'unaryBackward', op: 'relu', size: 1000, range: 1 },
  ...GEMMS.map(([label, geometry, bias], i): KernelCase => ({ name: `gemm ${label}`, seed: 800 + i, kernel: 'gemm', geometry, bias })),
  { name: 'sumRows 64x84', seed: 900, kernel: 'sumRows', rows: 64, cols: 84, range: 1 },
  { name: 'sumRows 1000x3', seed: 901, kernel: 'sumRows', rows: 1000, cols: 3, range: 1 },
  { name: 'softmax 64x10', seed: 910, kernel: 'softmax', rows: 64, cols: 10, range: 6 },
  { name: 'softmax huge logits', seed: 911, kernel: 'softmax', rows: 8, cols: 10, range: 1000 },
  { name: 'softmaxCrossEntropy 64x10', seed: 920, kernel: 'softmaxCrossEntropy', batch: 64, classes: 10, range: 4 },
  { name: 'softmaxCrossEntropy huge logits', seed: 921, kernel: 'softmaxCrossEntropy', batch: 16, classes: 10, range: 500 },
  { name: 'softmaxCrossEntropyBackward 64x10', seed: 930, kernel: 'softmaxCrossEntropyBackward', batch: 64, classes: 10, range: 4 },
  { name: 'add', seed: 1000, kernel: 'add', size: 5000 },
  { name: 'addInPlace', seed: 1001, kernel: 'addInPlace', size: 5000 },
  { name: 'copy', seed: 1002, kernel: 'copy', size: 301056 },
  { name: 'scale', seed: 1003, kernel: 'scale', size: 777, value: -0.37 },
  { name: 'fill', seed: 1004, kernel: 'fill', size: 4097, value: 2.5 },
  { name: 'sgdStep momentum + weight decay', seed: 1100, kernel: 'sgdStep', size: 2400, steps: 3, options: SGD },
  { name: 'sgdStep nesterov', seed: 1101, kernel: 'sgdStep', size: 450, steps: 3, options: { ...SGD, nesterov: true } },
  { name: 'sgdStep plain', seed: 1102, kernel: 'sgdStep', size: 450, steps: 2, options: { ...SGD, momentum: 0, weightDecay: 0 } },
  { name: 'sgdStep dampening', seed: 1103, kernel: 'sgdStep', size: 450, steps: 3, options: { ...SGD, dampening: 0.1 } },
  { name: 'adamStep L2', seed: 1200, kernel: 'adamStep', size: 2400, steps: 3, options: { ...ADAM, decoupled: false } },
  { name: 'adamStep decoupled (AdamW)', seed: 1201, kernel: 'adamStep', size: 450, steps: 3, options: { ...ADAM, decoupled: true } },
];

/** Binds every kernel to a KernelContext, giving the Backend's kernel methods. */
import { applyActivation, type Backend, type Storage, type UnaryOp } from '../../../backend.js';
import type { KernelContext } from '../kernel-context.js';
import { runOne } from '../kernel-context.js';
import { adamStep } from './adam.js';
import { conv2d } from './conv2d.js';
import { conv2dBackwardBias } from './conv2d-backward-bias.js';
import { conv2dBackwardInput } from './conv2d-backward-input.js';
import { conv2dBackwardWeight } from './conv2d-backward-weight.js';
import { add, addInPlace, copy, scale } from './elementwise.js';
import { gemm } from './gemm.js';
import { maxPool2d } from './maxpool.js';
import { maxPool2dBackward } from './maxpool-backward.js';
import { softmax } from './softmax.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { softmaxCrossEntropyBackward } from './softmax-cross-entropy-backward.js';
import { sumRowsProgram } from './split-reduction.js';
import { sgdStep } from './sgd.js';
import { unary } from './unary.js';
import { unaryBackward } from './unary-backward.js';

type KernelMethods = Omit<
  Backend,
  'name' | 'dtype' | 'upload' | 'zeros' | 'read' | 'readSync' | 'dispose' | 'liveCount' | 'fill'
>;

export function bindKernels(k: KernelContext): KernelMethods {
  // No fused kernels here: an activation is its own pass.
  const activate = (op: UnaryOp, x: Storage) => unary(k, op, x);
  const dispose = (s: Storage) => k.dispose(s);
  return {
    conv2d: (x, w, b, g, act) => applyActivation(conv2d(k, x, w, b, g), act, activate, dispose),
    conv2dBackwardInput: (dy, w, g) => conv2dBackwardInput(k, dy, w, g),
    conv2dBackwardWeight: (dy, x, g) => conv2dBackwardWeight(k, dy, x, g),
    conv2dBackwardBias: (dy, g) => conv2dBackwardBias(k, dy, g),
    maxPool2d: (x, g) => maxPool2d(k, x, g),
    maxPool2dBackward: (dy, argmax, g) => maxPool2dBackward(k, dy, argmax, g),
    unary: (op, x) => unary(k, op, x),
    unaryBackward: (op, y, dy) => unaryBackward(k, op, y, dy),
    gemm: (a, b, bias, g, act) => applyActivation(gemm(k, a, b, bias, g), act, activate, dispose),
    sumRows: (x, rows, cols) => runOne(k, sumRowsProgram(rows, cols), [x]),
    softmaxCrossEntropy: (logits, labels, batch, classes) => softmaxCrossEntropy(k, logits, labels, batch, classes),
    softmaxCrossEntropyBackward: (probs, labels, dloss, batch, classes) =>
      softmaxCrossEntropyBackward(k, probs, labels, dloss, batch, classes),
    softmax: (x, rows, cols) => softmax(k, x, rows, cols),
    add: (a, b) => add(k, a, b),
    addInPlace: (a, b) => addInPlace(k, a, b),
    scale: (a, s) => scale(k, a, s),
    copy: (a) => copy(k, a),
    sgdStep: (p, g, v, o) => sgdStep(k, p, g, v, o),
    adamStep: (p, g, m, v, o) => adamStep(k, p, g, m, v, o),
  };
}

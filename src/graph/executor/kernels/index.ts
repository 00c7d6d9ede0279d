/**
 * The op table: one entry per ONNX op type of the default domain, in one flat list.
 * `since` is the first opset an op exists in; semantics that change between opsets
 * (attributes becoming inputs and the like) are handled inside the kernel from ctx.opset.
 * Devices start from this table and override entries with faster kernels.
 */
import type { Kernel, KernelEntry, KernelTable } from '../kernel.js';
import * as act from './activations.js';
import { cast, castLike } from './cast-kernel.js';
import { constant, constantOfShape } from './constant.js';
import * as binary from './elementwise-binary.js';
import { dropout, identity } from './identity.js';
import { shape, size } from './shape.js';
import * as math from './unary-math.js';

const entry = (kernel: Kernel, since?: number): KernelEntry => (since === undefined ? { kernel } : { kernel, since });

export const BASE_KERNELS: KernelTable = new Map<string, KernelEntry>([
  // elementwise-binary.ts
  ['Add', entry(binary.add)],
  ['Sub', entry(binary.sub)],
  ['Mul', entry(binary.mul)],
  ['Div', entry(binary.div)],
  ['Pow', entry(binary.pow)],
  ['Max', entry(binary.max)],
  ['Min', entry(binary.min)],
  ['Sum', entry(binary.sum)],
  ['Mean', entry(binary.mean)],
  // unary-math.ts
  ['Sqrt', entry(math.sqrt)],
  ['Exp', entry(math.exp)],
  ['Log', entry(math.log)],
  ['Neg', entry(math.neg)],
  ['Abs', entry(math.abs)],
  ['Reciprocal', entry(math.reciprocal)],
  ['Erf', entry(math.erfKernel, 9)],
  ['Floor', entry(math.floor)],
  ['Ceil', entry(math.ceil)],
  ['Round', entry(math.round, 11)],
  ['Sign', entry(math.sign, 9)],
  ['Sin', entry(math.sin, 7)],
  ['Cos', entry(math.cos, 7)],
  // activations.ts
  ['Relu', entry(act.relu)],
  ['LeakyRelu', entry(act.leakyRelu)],
  ['PRelu', entry(act.prelu)],
  ['Elu', entry(act.elu)],
  ['Selu', entry(act.selu)],
  ['Celu', entry(act.celu, 12)],
  ['ThresholdedRelu', entry(act.thresholdedRelu, 10)],
  ['Sigmoid', entry(act.sigmoid)],
  ['HardSigmoid', entry(act.hardSigmoid)],
  ['HardSwish', entry(act.hardSwish, 14)],
  ['Tanh', entry(act.tanh)],
  ['Softplus', entry(act.softplus)],
  ['Softsign', entry(act.softsign)],
  ['Clip', entry(act.clip)],
  // cast-kernel.ts, constant.ts, shape.ts, identity.ts
  ['Cast', entry(cast)],
  ['CastLike', entry(castLike, 15)],
  ['Constant', entry(constant)],
  ['ConstantOfShape', entry(constantOfShape, 9)],
  ['Shape', entry(shape)],
  ['Size', entry(size)],
  ['Identity', entry(identity)],
  ['Dropout', entry(dropout)],
]);

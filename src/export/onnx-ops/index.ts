/**
 * The ONNX op table: every op type the reader imports (default domain), with its ONNX
 * attribute schema. The structural checker validates nodes against the same table.
 */
import { Identity, Relu, Sigmoid, Softmax } from './activations.js';
import { Constant } from './constant.js';
import { Conv } from './conv.js';
import { Flatten, Reshape } from './flatten-reshape.js';
import { Gemm } from './gemm.js';
import { MaxPool } from './max-pool.js';
import { Add, MatMul } from './mat-mul-add.js';
import type { OpDefinition } from './types.js';

export const ONNX_OPS: Readonly<Record<string, OpDefinition>> = {
  Add,
  Constant,
  Conv,
  Flatten,
  Gemm,
  Identity,
  MatMul,
  MaxPool,
  Relu,
  Reshape,
  Sigmoid,
  Softmax,
};

export function lookupOp(opType: string): OpDefinition | undefined {
  return Object.hasOwn(ONNX_OPS, opType) ? ONNX_OPS[opType] : undefined;
}

export type { OpDefinition } from './types.js';

/**
 * Argument checks shared by every kernel entry point: a wrong size would make the
 * fast kernels read or write past a buffer, so each op checks its storages against
 * its geometry first, and the error names the op and the shapes.
 */
import { BackendError, type Conv2dGeometry, type GemmGeometry, type Pool2dGeometry, type Storage } from '../../backend.js';

const shape = (dims: readonly number[]) => `[${dims.join(',')}]`;

function expectSize(op: string, what: string, s: Storage, dims: readonly number[]): void {
  const need = dims.reduce((a, b) => a * b, 1);
  if (s.size !== need) throw new BackendError(`${op}: ${what} holds ${s.size} values, shape ${shape(dims)} needs ${need}`);
}

function positiveIntegers(op: string, g: object): void {
  for (const [key, v] of Object.entries(g))
    if (typeof v === 'number' && !(Number.isInteger(v) && v >= 0))
      throw new BackendError(`${op}: ${key} = ${v} must be a non-negative integer`);
}

export const convInputShape = (g: Conv2dGeometry) => [g.batch, g.inChannels, g.inHeight, g.inWidth];
export const convWeightShape = (g: Conv2dGeometry) => [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth];
export const convOutputShape = (g: Conv2dGeometry) => [g.batch, g.outChannels, g.outHeight, g.outWidth];

export function checkConv(op: string, g: Conv2dGeometry, s: { x?: Storage; w?: Storage; b?: Storage | null; dy?: Storage }): void {
  positiveIntegers(op, g);
  if (g.strideHeight < 1 || g.strideWidth < 1) throw new BackendError(`${op}: stride [${g.strideHeight},${g.strideWidth}] must be >= 1`);
  const oh = Math.floor((g.inHeight + g.padTop + g.padBottom - g.kernelHeight) / g.strideHeight) + 1;
  const ow = Math.floor((g.inWidth + g.padLeft + g.padRight - g.kernelWidth) / g.strideWidth) + 1;
  if (oh !== g.outHeight || ow !== g.outWidth)
    throw new BackendError(`${op}: input ${shape(convInputShape(g))} with weight ${shape(convWeightShape(g))} gives a ${oh}x${ow} output, geometry says ${g.outHeight}x${g.outWidth}`);
  if (s.x) expectSize(op, 'input', s.x, convInputShape(g));
  if (s.w) expectSize(op, 'weight', s.w, convWeightShape(g));
  if (s.b) expectSize(op, 'bias', s.b, [g.outChannels]);
  if (s.dy) expectSize(op, 'output gradient', s.dy, convOutputShape(g));
}

export function checkPool(op: string, g: Pool2dGeometry, s: { x?: Storage; dy?: Storage; argmax?: Storage }): void {
  positiveIntegers(op, g);
  if (g.strideHeight < 1 || g.strideWidth < 1) throw new BackendError(`${op}: stride [${g.strideHeight},${g.strideWidth}] must be >= 1`);
  if (s.x) expectSize(op, 'input', s.x, [g.batch, g.channels, g.inHeight, g.inWidth]);
  const out = [g.batch, g.channels, g.outHeight, g.outWidth];
  if (s.dy) expectSize(op, 'output gradient', s.dy, out);
  if (s.argmax) expectSize(op, 'argmax', s.argmax, out);
}

/** A pooling geometry that reads exactly the convolution's output. */
export function checkConvPool(op: string, g: Conv2dGeometry, p: Pool2dGeometry): void {
  checkPool(op, p, {});
  const pooled = [p.batch, p.channels, p.inHeight, p.inWidth];
  if (shape(pooled) !== shape(convOutputShape(g)))
    throw new BackendError(`${op}: pooling reads ${shape(pooled)}, the convolution gives ${shape(convOutputShape(g))}`);
}

export function checkGemm(g: GemmGeometry, a: Storage, b: Storage, bias: Storage | null): void {
  positiveIntegers('gemm', { m: g.m, n: g.n, k: g.k });
  expectSize('gemm', `A${g.transA ? 'ᵀ' : ''}`, a, g.transA ? [g.k, g.m] : [g.m, g.k]);
  expectSize('gemm', `B${g.transB ? 'ᵀ' : ''}`, b, g.transB ? [g.n, g.k] : [g.k, g.n]);
  if (bias) expectSize('gemm', 'bias', bias, [g.n]);
}

export function checkMatrix(op: string, x: Storage, rows: number, cols: number): void {
  positiveIntegers(op, { rows, cols });
  expectSize(op, 'input', x, [rows, cols]);
}

export function checkSameSize(op: string, a: Storage, b: Storage): void {
  if (a.size !== b.size) throw new BackendError(`${op}: sizes differ, ${a.size} != ${b.size}`);
}

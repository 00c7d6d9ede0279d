// Entry point of the CPU backend's WebAssembly module: every export is a kernel the
// TypeScript side calls with byte offsets into the shared heap. Thread-parallel kernels
// take (tid, nt, counter, chunk) first and claim chunks of work from the shared counter
// (partition.ts); tid picks the thread's scratch. No static data: each worker
// instantiates this module on the same shared memory, and data segments would be
// re-applied over live buffers (constants live in a table initMathTable writes once).
export { gemm } from './gemm';
export { convForward, convPoolForward } from './conv';
export { convBackwardInput, packBackwardInputWeights, backwardInputPackFloats, backwardInputScratch } from './conv-backward-input';
export { convBackwardWeight, convBackwardWeightDirect, convBiasGrad, sumPartials, weightBlockAccBytes } from './conv-backward-weight';
export { packA, packB, convOffsets, shiftedOffsets, strideOffsets } from './pack';
export { maxPoolForward, maxPoolBackward } from './maxpool';
export { unaryForward, unaryBackward, addInto, sumRows } from './elementwise';
export { sgdStep, adamStep } from './optimizers';
export { convImageScratch } from './conv-plane';
export { runPlan } from './forward-plan';
export { initMathTable } from './simd-math';
export { nnConv } from './nn-conv';
export { nnDepthwise } from './nn-depthwise';

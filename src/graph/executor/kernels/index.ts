/**
 * The op table: one entry per ONNX op type of the default domain, in one flat list.
 * `since` is the first opset an op exists in; semantics that change between opsets
 * (attributes becoming inputs and the like) are handled inside the kernel from ctx.opset.
 * Devices start from this table and override entries with faster kernels.
 */
import type { Kernel, KernelEntry, KernelTable } from '../kernel.js';
import * as act from './activations.js';
import { batchNormalization } from './batch-normalization.js';
import { argMax, argMin } from './arg-reduce.js';
import { cast, castLike } from './cast-kernel.js';
import * as cmp from './comparison.js';
import { concat } from './concat.js';
import { constant, constantOfShape } from './constant.js';
import { convTranspose } from './conv-transpose.js';
import { conv } from './conv.js';
import * as binary from './elementwise-binary.js';
import { cumSum } from './cumsum.js';
import { det } from './det.js';
import { dft, stft } from './dft.js';
import { einsum } from './einsum.js';
import { expand, tile } from './expand.js';
import { gather } from './gather.js';
import { gemm } from './gemm.js';
import { gatherElements, gatherND, scatterElements, scatterND } from './gather-elements.js';
import { gridSample } from './grid-sample.js';
import { hardmax } from './hardmax.js';
import { compress, eyeLike, nonZero, oneHot, topK } from './index-ops.js';
import { dropout, identity } from './identity.js';
import { instanceNormalization } from './instance-normalization.js';
import { layerNormalization } from './layer-normalization.js';
import { lrn, meanVarianceNormalization } from './local-normalization.js';
import * as logic from './logical.js';
import { convInteger, matMulInteger, qLinearConv, qLinearMatMul } from './integer-ops.js';
import { maxUnpool } from './max-unpool.js';
import { melWeightMatrix } from './mel-weight-matrix.js';
import { nonMaxSuppression } from './non-max-suppression.js';
import { negativeLogLikelihoodLoss, softmaxCrossEntropyLoss } from './losses.js';
import { matMul } from './matmul.js';
import { pad } from './pad.js';
import * as pool from './pool.js';
import { dequantizeLinear, dynamicQuantizeLinear, quantizeLinear } from './quantize.js';
import { range } from './range.js';
import { gru, lstm, rnn } from './recurrent.js';
import * as reduce from './reduce.js';
import { flatten, reshape, squeeze, unsqueeze } from './reshape.js';
import { resize, upsample } from './resize.js';
import { reverseSequence } from './reverse-sequence.js';
import { roiAlign } from './roi-align.js';
import { shape, size } from './shape.js';
import { slice } from './slice.js';
import { logSoftmax, softmax } from './softmax.js';
import { depthToSpace, spaceToDepth } from './space-depth.js';
import { split } from './split.js';
import { tfIdfVectorizer } from './tfidf-vectorizer.js';
import { transpose } from './transpose.js';
import { trilu } from './trilu.js';
import { unique } from './unique.js';
import * as math from './unary-math.js';
import { where } from './where.js';
import { blackmanWindow, hammingWindow, hannWindow } from './windows.js';

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
  ['Mod', entry(binary.mod, 10)],
  ['BitShift', entry(binary.bitShift, 11)],
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
  ['Tan', entry(math.tan, 7)],
  ['Asin', entry(math.asin, 7)],
  ['Acos', entry(math.acos, 7)],
  ['Atan', entry(math.atan, 7)],
  ['Sinh', entry(math.sinh, 9)],
  ['Cosh', entry(math.cosh, 9)],
  ['Asinh', entry(math.asinh, 9)],
  ['Acosh', entry(math.acosh, 9)],
  ['Atanh', entry(math.atanh, 9)],
  ['IsNaN', entry(math.isNaN, 9)],
  ['IsInf', entry(math.isInf, 10)],
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
  ['Shrink', entry(act.shrink, 9)],
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
  // comparison.ts, logical.ts, where.ts
  ['Equal', entry(cmp.equal)],
  ['Less', entry(cmp.less)],
  ['Greater', entry(cmp.greater)],
  ['LessOrEqual', entry(cmp.lessOrEqual, 12)],
  ['GreaterOrEqual', entry(cmp.greaterOrEqual, 12)],
  ['Not', entry(logic.not)],
  ['And', entry(logic.and)],
  ['Or', entry(logic.or)],
  ['Xor', entry(logic.xor)],
  ['Where', entry(where, 9)],
  // shape and data movement: reshape.ts, transpose.ts, concat.ts, split.ts, slice.ts, expand.ts, gather.ts, range.ts
  ['Reshape', entry(reshape)],
  ['Flatten', entry(flatten)],
  ['Squeeze', entry(squeeze)],
  ['Unsqueeze', entry(unsqueeze)],
  ['Transpose', entry(transpose)],
  ['Concat', entry(concat)],
  ['Split', entry(split)],
  ['Slice', entry(slice)],
  ['Expand', entry(expand, 8)],
  ['Tile', entry(tile, 6)],
  ['Gather', entry(gather)],
  ['Range', entry(range, 11)],
  // conv.ts, conv-transpose.ts, pool.ts
  ['Conv', entry(conv)],
  ['ConvTranspose', entry(convTranspose)],
  ['MaxPool', entry(pool.maxPool)],
  ['AveragePool', entry(pool.averagePool)],
  ['GlobalMaxPool', entry(pool.globalMaxPool)],
  ['GlobalAveragePool', entry(pool.globalAveragePool)],
  // batch-normalization.ts, instance-normalization.ts, layer-normalization.ts
  ['BatchNormalization', entry(batchNormalization)],
  ['InstanceNormalization', entry(instanceNormalization)],
  ['LayerNormalization', entry(layerNormalization, 17)],
  // gemm.ts, matmul.ts, softmax.ts
  ['Gemm', entry(gemm)],
  ['MatMul', entry(matMul)],
  ['Softmax', entry(softmax)],
  ['LogSoftmax', entry(logSoftmax)],
  // reduce.ts, pad.ts
  ['ReduceSum', entry(reduce.reduceSum)],
  ['ReduceMean', entry(reduce.reduceMean)],
  ['ReduceMax', entry(reduce.reduceMax)],
  ['ReduceMin', entry(reduce.reduceMin)],
  ['ReduceSumSquare', entry(reduce.reduceSumSquare)],
  ['ReduceProd', entry(reduce.reduceProd)],
  ['ReduceL1', entry(reduce.reduceL1)],
  ['ReduceL2', entry(reduce.reduceL2)],
  ['ReduceLogSum', entry(reduce.reduceLogSum)],
  ['ReduceLogSumExp', entry(reduce.reduceLogSumExp)],
  ['Pad', entry(pad)],
  ['GatherElements', entry(gatherElements, 11)],
  ['GatherND', entry(gatherND, 11)],
  ['ScatterElements', entry(scatterElements, 11)],
  ['Scatter', entry(scatterElements, 9)],
  ['ScatterND', entry(scatterND, 11)],
  ['DepthToSpace', entry(depthToSpace)],
  ['SpaceToDepth', entry(spaceToDepth)],
  ['OneHot', entry(oneHot, 9)],
  ['EyeLike', entry(eyeLike, 9)],
  ['NonZero', entry(nonZero, 9)],
  ['Compress', entry(compress, 9)],
  ['TopK', entry(topK)],
  ['Trilu', entry(trilu, 14)],
  ['CumSum', entry(cumSum, 11)],
  ['ArgMax', entry(argMax)],
  ['ArgMin', entry(argMin)],
  ['Hardmax', entry(hardmax)],
  ['ReverseSequence', entry(reverseSequence, 10)],
  ['Einsum', entry(einsum, 12)],
  ['Det', entry(det, 11)],
  // local-normalization.ts, quantize.ts, windows.ts
  ['LRN', entry(lrn)],
  ['MeanVarianceNormalization', entry(meanVarianceNormalization, 9)],
  ['QuantizeLinear', entry(quantizeLinear, 10)],
  ['DequantizeLinear', entry(dequantizeLinear, 10)],
  ['DynamicQuantizeLinear', entry(dynamicQuantizeLinear, 11)],
  ['HannWindow', entry(hannWindow, 17)],
  ['HammingWindow', entry(hammingWindow, 17)],
  ['BlackmanWindow', entry(blackmanWindow, 17)],
  ['MatMulInteger', entry(matMulInteger, 10)],
  ['ConvInteger', entry(convInteger, 10)],
  ['QLinearMatMul', entry(qLinearMatMul, 10)],
  ['QLinearConv', entry(qLinearConv, 10)],
  // unique.ts, max-unpool.ts, non-max-suppression.ts, roi-align.ts, grid-sample.ts
  ['Unique', entry(unique, 11)],
  ['MaxUnpool', entry(maxUnpool, 9)],
  ['NonMaxSuppression', entry(nonMaxSuppression, 10)],
  ['RoiAlign', entry(roiAlign, 10)],
  ['GridSample', entry(gridSample, 16)],
  ['TfIdfVectorizer', entry(tfIdfVectorizer, 9)],
  ['MelWeightMatrix', entry(melWeightMatrix, 17)],
  ['DFT', entry(dft, 17)],
  ['STFT', entry(stft, 17)],
  // losses.ts
  ['NegativeLogLikelihoodLoss', entry(negativeLogLikelihoodLoss, 12)],
  ['SoftmaxCrossEntropyLoss', entry(softmaxCrossEntropyLoss, 12)],
  // resize.ts
  ['Resize', entry(resize, 10)],
  ['Upsample', entry(upsample, 7)],
  // recurrent.ts
  ['RNN', entry(rnn, 7)],
  ['GRU', entry(gru, 7)],
  ['LSTM', entry(lstm, 7)],
]);

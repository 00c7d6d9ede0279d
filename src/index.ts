/**
 * lenet-portable's library API. Four areas, each also importable on its own:
 * the engine (graph), training and data (train), ONNX and safetensors (export), and
 * runtimes, preprocessing and parity (runtime).
 */

// Engine: tensors, autograd, ops, models, backends.
export {
  Tensor, tensorFrom, zeros, tidy, keep, backward, noGrad, Random,
  conv2d, maxPool2d, sigmoid, relu, linear, reshape, flatten, softmax, softmaxCrossEntropy,
  Model, buildModel, createLenetSpec, initParams, lenetLayers, archLayers, CIFAR10_CLASSES,
  createReferenceBackend,
  type Backend, type Storage, type DType, type ModelSpec, type LayerSpec, type ParamData, type Arch,
} from './graph/index.js';
export { createCpuBackend, type CpuBackendOptions } from './graph/backends/cpu/index.js';
export { selectBackend, type BackendName } from './graph/backends/select.js';

// Training and data.
export { trainAndExport, type TrainAndExportOptions, type RunResult } from './train/train-and-export.js';
export { train, createOptimizer, DivergenceError, type EpochMetrics, type Position, type TrainHooks } from './train/trainer.js';
export { evaluate, type Evaluation } from './train/evaluate.js';
export { DEFAULT_CONFIG, type TrainConfig } from './train/config.js';
export { Sgd, Adam, type Optimizer } from './train/optim/index.js';
export { saveCheckpoint, loadCheckpoint, type Checkpoint } from './train/checkpoint.js';
export { TrainingProgress, progressMode } from './train/progress.js';
export { loadDataset, type LoadOptions } from './train/data/load-dataset.js';
export { prepareSubsets, type SubsetOptions } from './train/data/subset.js';
export type { Dataset, ImageSplit } from './train/data/dataset.js';

// ONNX and safetensors.
export {
  writeOnnx, saveOnnx, readOnnx, loadOnnx, inspectOnnx, formatInspection, checkOnnxModel,
  writeSafetensors, readSafetensors, saveSafetensors, loadSafetensors, METADATA_KEYS,
  type OnnxWriteOptions,
} from './export/index.js';

// Runtimes, preprocessing, parity.
export { preprocessImage, decodeImageRgb, resizeBilinearPillow, toTensorCHW, encodePng, listImageFiles } from './image/index.js';
export {
  allRuntimes, findRuntime, selectRuntimes, createRuntimeContext, loadModelUnderTest, runParity, predictImages,
  compareOutputs, parityJson, parityMarkdown, parityHtml,
  type Runtime, type RuntimeSession, type ParityOptions, type ParityResult, type Prediction,
} from './runtime/index.js';

export { ToolError } from './util/errors.js';

/**
 * Runtimes and parity, for Node: the adapter contract, the registry, predict's and
 * verify-parity's cores, the comparison and the reports. (Browser code imports the pure
 * modules it needs directly, e.g. parity/compare.js and ../image/preprocess-rgb.js.)
 */
export type { Runtime, RuntimeSession, RuntimeContext, OpenResult, SharedResource, RuntimeEnvironment } from './runtime.js';
export { createRuntimeContext, type OwnedRuntimeContext } from './runtime-context.js';
export { allRuntimes, findRuntime, selectRuntimes, describeRuntimes, DEFAULT_REFERENCE_RUNTIME, DEFAULT_PREDICT_RUNTIME } from './registry.js';
export { loadModelUnderTest, modelFromBytes, type ModelUnderTest, type ExternalDataFile } from './model-under-test.js';
export { readModelIO, type ModelIO, type ModelOutput, type OutputKind } from './model-io.js';
export { runBatches, DEFAULT_BATCH, IMAGE_VALUES } from './run-batches.js';
export { compareOutputs, elementFails, type Comparison, type Tolerance, type Top1Flip } from './parity/compare.js';
export { errorHistogram, type HistogramBin } from './parity/error-histogram.js';
export { runParity, type ParityOptions, type ParityResult, type RuntimeRun, type ParityReference } from './parity/parity-run.js';
export { inputsFromFiles, inputsFromCifar, randomInputs, type ParityInputs } from './parity/parity-inputs.js';
export { predictImages, type Prediction, type PredictEntry } from './predict/predict-images.js';
export { loadOutputsFile, saveOutputsFile, parseOutputsFile, formatOutputsFile, OUTPUTS_FORMAT, type SavedOutputs } from './parity/outputs-file.js';
export { writeOnnxTestDataSet } from './parity/onnx-test-data-set.js';
export { parityJson, stringifyReport } from './parity/report-json.js';
export { parityMarkdown } from './parity/report-markdown.js';
export { parityHtml } from './parity/report-html.js';
export { paritySummary } from './parity/report-console.js';

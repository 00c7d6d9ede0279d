/**
 * Model interchange: ONNX export/import and safetensors weights. This folder is the
 * only code that touches the ONNX protobuf; everything else speaks ModelSpec.
 */
export { writeOnnx, saveOnnx, INPUT_NAME, LOGITS_NAME, PROBABILITIES_NAME, type OnnxWriteOptions } from './onnx-writer.js';
export { readOnnx, loadOnnx, type OnnxReadOptions } from './onnx-reader.js';
export { inspectOnnx, formatInspection, type OnnxInspection } from './inspect.js';
export { checkOnnxModel } from './onnx-check.js';
export { writeSafetensors, readSafetensors, saveSafetensors, loadSafetensors, type SafetensorsContents } from './safetensors.js';
export { inferChainShapes, EXPECTED_INPUT, type ChainShapes } from './chain-shapes.js';
export { METADATA_KEYS, DEFAULT_LICENSE, type TrainingSummary } from './metadata.js';
export { DEFAULT_OPSET, MAX_OPSET, MIN_WRITE_OPSET, MIN_READ_OPSET, irVersionForOpset } from './opsets.js';

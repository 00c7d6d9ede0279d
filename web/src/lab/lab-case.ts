/**
 * What was dropped, as the lab works with it: the model under test (its exact bytes and
 * external data for every runtime, our readers' readings of it for the engine
 * runtimes) and the test case's data sets, when it came as one.
 */
import { decodeDataSets, externalDataFrom, findTestCaseFiles, type DecodedDataSet, type InMemoryFile } from '../../../src/export/test-case-files.js';
import { modelFromBytes, type ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import { readModelIO } from '../../../src/runtime/model-io.js';

export interface LabCase {
  /** How reports name the model: its path among what was given (`mobilenet_v2/model.onnx`). */
  name: string;
  model: ModelUnderTest;
  /** test_data_set_N, tensors by graph name; empty for a bare model. */
  dataSets: DecodedDataSet[];
}

export function labCaseFrom(files: readonly InMemoryFile[], given: string): LabCase {
  const found = findTestCaseFiles(files, given);
  const io = readModelIO(found.model, found.modelPath);
  const externalData = externalDataFrom(found, io.externalDataFiles);
  const model = modelFromBytes(found.model, found.modelPath, null, externalData);
  return { name: found.modelPath, model, dataSets: decodeDataSets(found, io) };
}

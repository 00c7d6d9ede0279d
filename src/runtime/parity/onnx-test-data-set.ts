/**
 * Inputs and reference outputs as an ONNX test case folder, the layout ONNX's own test
 * runners replay (onnx.backend.test.runner, onnxruntime's onnx_test_runner):
 *
 *     DIR/model.onnx                       the model's exact bytes (+ its external data)
 *     DIR/test_data_set_0/input_0.pb       TensorProto [N,3,32,32], named as the graph input
 *     DIR/test_data_set_0/output_0.pb      TensorProto per graph output, in graph order
 *
 * One data set holds every image when the batch is dynamic; a model with a fixed batch
 * B gets one data set per B images (a last partial batch is left out and counted).
 * Expected values come from the reference; a Softmax output beside the logits is
 * computed from them in float64 and rounded to float32 (runners compare with a
 * tolerance far above that rounding).
 */
import { readdirSync } from 'node:fs';
import { ensureDir } from '../../util/ensure-dir.js';
import { dirname, join } from 'node:path';
import { encodeFloatTensorProto } from '../../export/tensor-proto-io.js';
import { ToolError } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { softmax } from '../classify.js';
import type { ModelUnderTest } from '../model-under-test.js';
import { IMAGE_VALUES } from '../run-batches.js';
import { imagesOf, type ParityInputs } from './parity-inputs.js';

export interface TestDataSetSummary {
  dataSets: number;
  imagesWritten: number;
  /** Images left out because they did not fill a last fixed-size batch. */
  imagesLeftOut: number;
}

function softmaxRows(logits: Float32Array, rows: number, classes: number): Float32Array {
  const out = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) out.set(softmax(logits.subarray(r * classes, (r + 1) * classes)), r * classes);
  return out;
}

function checkEmptyFolder(dir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ToolError(`${dir}: cannot use as test data folder (${(error as NodeJS.ErrnoException).code})`);
  }
  // Stale test_data_set_N folders from an earlier run would be replayed too.
  if (entries.length > 0) throw new ToolError(`${dir}: not empty; give a new or empty folder for the ONNX test data set`);
}

export function writeOnnxTestDataSet(
  dir: string,
  model: ModelUnderTest,
  inputs: Pick<ParityInputs, 'sets' | 'count'>,
  reference: { values: Float32Array; classes: number },
): TestDataSetSummary {
  checkEmptyFolder(dir);
  const { io } = model;
  for (const output of io.outputs) {
    if (output.name !== io.compared.name && !(output.kind === 'probabilities' && io.compared.kind === 'logits')) {
      throw new ToolError(`cannot write a test data set: no expected values for output "${output.name}" (only for "${io.compared.name}" and its softmax)`);
    }
  }
  ensureDir(dir);
  writeFileAtomic(join(dir, 'model.onnx'), model.bytes);
  for (const file of model.externalData) {
    const target = join(dir, file.path);
    ensureDir(dirname(target));
    writeFileAtomic(target, file.data);
  }

  const input = io.image?.name ?? io.inputs[0]?.name ?? '';
  const tensors = imagesOf(inputs, input);
  const batch = io.fixedBatch ?? inputs.count;
  const dataSets = batch === 0 ? 0 : Math.floor(inputs.count / batch);
  const { classes } = reference;
  for (let set = 0; set < dataSets; set++) {
    const folder = join(dir, `test_data_set_${set}`);
    const first = set * batch;
    const images = tensors.subarray(first * IMAGE_VALUES, (first + batch) * IMAGE_VALUES);
    writeFileAtomic(join(folder, 'input_0.pb'), encodeFloatTensorProto(input, [batch, 3, 32, 32], images));
    const compared = reference.values.subarray(first * classes, (first + batch) * classes);
    io.outputs.forEach((output, i) => {
      const values = output.name === io.compared.name ? compared : softmaxRows(compared, batch, classes);
      writeFileAtomic(join(folder, `output_${i}.pb`), encodeFloatTensorProto(output.name, [batch, classes], values));
    });
  }
  return { dataSets, imagesWritten: dataSets * batch, imagesLeftOut: inputs.count - dataSets * batch };
}

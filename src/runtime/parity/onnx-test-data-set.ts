/**
 * Inputs and reference outputs as an ONNX test case folder, the layout ONNX's own test
 * runners replay (onnx.backend.test.runner, onnxruntime's onnx_test_runner):
 *
 *     DIR/model.onnx                       the model's exact bytes (+ its external data)
 *     DIR/test_data_set_N/input_K.pb       TensorProto per graph input, in graph order
 *     DIR/test_data_set_N/output_K.pb      TensorProto per graph output, in graph order
 *
 * TestCaseWriter writes any model's data sets as a run streams them (one per batch).
 * writeOnnxTestDataSet is our classifiers' form: one data set holds every image when the
 * batch is dynamic; a model with a fixed batch B gets one data set per B images (a last
 * partial batch is left out and counted). Expected values come from the reference; a
 * Softmax output beside the logits is computed from them in float64 and rounded to
 * float32 (runners compare with a tolerance far above that rounding).
 */
import { readdirSync } from 'node:fs';
import { ensureDir } from '../../util/ensure-dir.js';
import { dirname, join } from 'node:path';
import { encodeTensorProtoFile } from '../../export/host-tensor-proto.js';
import type { HostTensor } from '../../graph/host-tensor.js';
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

/** Writes test_data_set_N folders into a new or empty `dir`, with the model beside them. */
export class TestCaseWriter {
  private dataSets = 0;
  private rowsWritten = 0;
  private rowsLeftOut = 0;

  constructor(
    private readonly dir: string,
    private readonly model: ModelUnderTest,
  ) {
    checkEmptyFolder(dir);
    ensureDir(dir);
    writeFileAtomic(join(dir, 'model.onnx'), model.bytes);
    for (const file of model.externalData) {
      const target = join(dir, file.path);
      ensureDir(dirname(target));
      writeFileAtomic(target, file.data);
    }
  }

  /** One data set of `rows` rows; a model with a fixed batch takes only full batches (others are counted). */
  add(feeds: ReadonlyMap<string, HostTensor>, outputs: ReadonlyMap<string, HostTensor>, rows: number): void {
    const { io } = this.model;
    if (io.fixedBatch !== null && rows !== io.fixedBatch) {
      this.rowsLeftOut += rows;
      return;
    }
    const folder = join(this.dir, `test_data_set_${this.dataSets}`);
    const tensor = (m: ReadonlyMap<string, HostTensor>, name: string, what: string) => {
      const t = m.get(name);
      if (!t) throw new ToolError(`cannot write a test data set: no values for ${what} "${name}"`);
      return t;
    };
    io.inputs.forEach((input, k) => writeFileAtomic(join(folder, `input_${k}.pb`), encodeTensorProtoFile(input.name, tensor(feeds, input.name, 'input'))));
    io.outputs.forEach((output, k) => writeFileAtomic(join(folder, `output_${k}.pb`), encodeTensorProtoFile(output.name, tensor(outputs, output.name, 'output'))));
    this.dataSets++;
    this.rowsWritten += rows;
  }

  summary(): TestDataSetSummary {
    return { dataSets: this.dataSets, imagesWritten: this.rowsWritten, imagesLeftOut: this.rowsLeftOut };
  }
}

/** Our classifiers' test data: the images and the reference's rows of the compared output (+ its softmax). */
export function writeOnnxTestDataSet(
  dir: string,
  model: ModelUnderTest,
  inputs: Pick<ParityInputs, 'sets' | 'count'>,
  reference: { values: Float32Array; classes: number },
): TestDataSetSummary {
  const { io } = model;
  for (const output of io.outputs) {
    if (output.name !== io.compared.name && !(output.kind === 'probabilities' && io.compared.kind === 'logits')) {
      throw new ToolError(`cannot write a test data set: no expected values for output "${output.name}" (only for "${io.compared.name}" and its softmax)`);
    }
  }
  const writer = new TestCaseWriter(dir, model);
  const input = io.image?.name ?? io.inputs[0]?.name ?? '';
  const tensors = imagesOf(inputs, input);
  const batch = io.fixedBatch ?? inputs.count;
  const { classes } = reference;
  for (let first = 0; first < inputs.count; first += Math.max(1, batch)) {
    const rows = Math.min(batch, inputs.count - first);
    const images: HostTensor = { type: 'float32', dims: [rows, 3, 32, 32], data: tensors.slice(first * IMAGE_VALUES, (first + rows) * IMAGE_VALUES) };
    const compared = reference.values.slice(first * classes, (first + rows) * classes);
    const outputs = new Map(io.outputs.map((output) => {
      const data = output.name === io.compared.name ? compared : softmaxRows(compared, rows, classes);
      return [output.name, { type: 'float32' as const, dims: [rows, classes], data }];
    }));
    writer.add(new Map([[input, images]]), outputs, rows);
  }
  return writer.summary();
}

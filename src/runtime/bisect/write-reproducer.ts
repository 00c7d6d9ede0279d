/**
 * The minimal reproducer of a first divergence, ready to attach to an upstream bug
 * report, in ONNX's own test-case layout:
 *
 *     DIR/model.onnx                      the diverging node alone (weights inside)
 *     DIR/test_data_set_0/input_N.pb      the reference's values of the node's inputs
 *     DIR/test_data_set_0/output_N.pb     the reference's values of its outputs
 *     DIR/README.md                       what diverged, where, by how much, how to replay
 */
import { readdirSync } from 'node:fs';
import { ensureDir } from '../../util/ensure-dir.js';
import { join } from 'node:path';
import { extractNode } from '../../export/extract-node.js';
import { encodeTensorProtoFile } from '../../export/host-tensor-proto.js';
import { describeTensor, type HostTensor } from '../../graph/host-tensor.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { ToolError } from '../../util/errors.js';
import type { ModelUnderTest } from '../model-under-test.js';
import { toleranceText } from '../parity/compare.js';
import { sci } from '../parity/report-format.js';
import type { BisectCapture, BisectRun } from './bisect-runtime.js';

export interface Reproducer {
  dir: string;
  inputs: string[];
  outputs: string[];
}

function requireEmptyFolder(dir: string): void {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ToolError(`${dir}: cannot write a reproducer there (${(error as NodeJS.ErrnoException).code})`);
  }
  if (entries.length > 0) throw new ToolError(`${dir}: not empty; give a new or empty folder for the reproducer`);
}

function tensorLine(name: string, t: HostTensor): string {
  return `\`${name}\` ${describeTensor(t)}`;
}

function readme(run: BisectRun, source: string, extracted: { inputs: string[]; outputs: string[] }, values: Map<string, HostTensor>): string {
  const first = run.firstDivergence!;
  const tol = `atol ${toleranceText(run.tolerance.atol)} / rtol ${toleranceText(run.tolerance.rtol)}`;
  return [
    `# ${first.opType} node "${first.node}" diverges on ${run.runtime}`,
    '',
    `- Model: ${source}, node #${first.index} "${first.node}" (${first.opType}), extracted alone into \`model.onnx\`.`,
    `- Runtime: ${run.providers.runtime}`,
    `- Reference: ${run.reference} — ${run.providers.reference}`,
    `- Divergence at this node on ${run.images.length} row(s): max |diff| ${sci(first.maxAbsDiff)}, ${first.failingElements} of ${first.elements} values beyond ${tol}; every earlier node agrees.`,
    '',
    'Test data (`test_data_set_0/`), values the reference computed:',
    ...extracted.inputs.map((name, i) => `- \`input_${i}.pb\`: ${tensorLine(name, values.get(name)!)}`),
    ...extracted.outputs.map((name, i) => `- \`output_${i}.pb\` (expected): ${tensorLine(name, values.get(name)!)}`),
    '',
    'Replay with ONNX\'s own runners, e.g. `onnx_test_runner <this folder>` (onnxruntime), or load',
    '`model.onnx` in any runtime, feed the inputs and compare with the expected outputs.',
    '',
    'Written by lenet-portable `verify-parity --bisect`.',
    '',
  ].join('\n');
}

/** Writes the reproducer of `run.firstDivergence` into `dir` (new or empty). */
export function writeReproducer(dir: string, model: ModelUnderTest, source: string, run: BisectRun, capture: BisectCapture): Reproducer {
  const first = run.firstDivergence;
  if (!first) throw new Error(`${run.runtime}: no divergence to reproduce`);
  requireEmptyFolder(dir);
  const values = capture.reference;
  const extracted = extractNode(model.bytes, source, first.index, { values, externalData: model.externalData });
  const dataSet = join(dir, 'test_data_set_0');
  ensureDir(dataSet);
  writeFileAtomic(join(dir, 'model.onnx'), extracted.bytes);
  const write = (file: string, name: string) => {
    const t = values.get(name)!;
    writeFileAtomic(join(dataSet, file), encodeTensorProtoFile(name, t));
  };
  extracted.inputs.forEach((name, i) => write(`input_${i}.pb`, name));
  extracted.outputs.forEach((name, i) => write(`output_${i}.pb`, name));
  writeFileAtomic(join(dir, 'README.md'), new TextEncoder().encode(readme(run, source, extracted, values)));
  return { dir, inputs: extracted.inputs, outputs: extracted.outputs };
}

/** Files the lab hands back: the result as JSON, and the run as a test case folder in a zip (for a bug report). */
import { testCaseToFiles } from '../../../src/export/test-case-files.js';
import { stringifyReport } from '../../../src/runtime/parity/report-json.js';
import type { LabCase } from './lab-case.js';
import type { LabRun } from './lab-run.js';
import { zipFiles } from './zip-files.js';

export function saveFile(name: string, data: Uint8Array | string, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `mobilenet_v2/model.onnx` → `mobilenet_v2`; `net.onnx` → `net`. */
export function baseName(c: LabCase): string {
  const parts = c.name.split('/');
  const file = parts.pop()!;
  return (file === 'model.onnx' && parts.length ? parts.pop()! : file.replace(/\.onnx$/i, '')).replace(/[^\w.-]+/g, '_');
}

export function resultJsonText(json: Record<string, unknown>): string {
  return `${stringifyReport(json)}\n`;
}

/** model.onnx (+ external data) and test_data_set_N with the inputs run and the reference's outputs. */
export function testCaseZip(c: LabCase, run: LabRun): Uint8Array {
  const sets = run.result.inputs.sets.map((set, i) => ({ inputs: set.feeds, outputs: run.referenceOutputs[i] ?? new Map() }));
  return zipFiles(testCaseToFiles(c.model.bytes, c.model.externalData, sets), baseName(c));
}

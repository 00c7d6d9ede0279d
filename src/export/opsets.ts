/**
 * Which ONNX opsets we write and read, and the IR version each one needs.
 *
 * The IR version is the lowest that can carry the opset (ONNX's own release table),
 * so files stay loadable by older runtimes: opset 13 → IR 7, which onnxruntime ≥ 1.14
 * (max IR 8) loads.
 */
import { ToolError } from '../util/errors.js';

export const DEFAULT_OPSET = 13;
/** Lowest opset the writer emits: Gemm's bias became optional in 11. */
export const MIN_WRITE_OPSET = 11;
/** Lowest opset the reader understands: Gemm lost `broadcast` and Reshape took its shape as an input by 7. */
export const MIN_READ_OPSET = 7;
/** Highest opset onnxruntime(-node/-web) 1.30 accept (test/export/onnx-runtimes.test.ts loads every opset in both). */
export const MAX_OPSET = 26;

/** [first opset, IR version] in ascending order, from ONNX's release table. */
const IR_FOR_OPSET: ReadonlyArray<readonly [number, number]> = [
  [7, 3],
  [9, 4],
  [10, 5],
  [11, 6],
  [12, 7],
  [15, 8],
  [19, 9],
  [21, 10],
  [23, 11],
  [24, 12],
  [25, 13],
];

/** The lowest IR version able to carry `opset` of the default domain. */
export function irVersionForOpset(opset: number): number {
  let ir = 3;
  for (const [first, version] of IR_FOR_OPSET) if (opset >= first) ir = version;
  return ir;
}

export function checkWriteOpset(opset: number): number {
  if (!Number.isInteger(opset) || opset < MIN_WRITE_OPSET || opset > MAX_OPSET) {
    throw new ToolError(`opset ${opset} not supported for export (use ${MIN_WRITE_OPSET}..${MAX_OPSET})`);
  }
  return opset;
}

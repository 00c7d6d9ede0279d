/**
 * The contract every op implementation fills, whichever device it serves: a function
 * from input tensors to output tensors, told its node's label, opset and attributes.
 * Kernels are plain JS over HostTensor, generic over float32 and float64 storage, with
 * ONNX's attribute names and defaults and the semantics of onnx/reference/ops.
 */
import type { ElementType, HostTensor } from '../host-tensor.js';
import type { NodeAttributes } from './attributes.js';

export interface KernelContext {
  /** `node "name" (OpType)` for messages. */
  readonly label: string;
  readonly opset: number;
  readonly attrs: NodeAttributes;
  /** How many outputs the node declares (Split without sizes makes that many parts). */
  readonly outputCount: number;
  /** The element type a float result is stored in on this device (reference: float32 → float64). */
  floatStorage(type: ElementType): ElementType;
  /** Throws a ToolError naming the node. */
  fail(message: string): never;
}

/** `undefined` stands for an omitted optional input. */
export type Kernel = (inputs: readonly (HostTensor | undefined)[], ctx: KernelContext) => HostTensor[];

/** One entry per ONNX op type of the default domain; `since` is the first opset it runs. */
export interface KernelEntry {
  readonly since?: number;
  readonly kernel: Kernel;
}

export type KernelTable = ReadonlyMap<string, KernelEntry>;

/** The entry for `opType` at `opset`, or undefined when the table lacks it. */
export function lookupKernel(table: KernelTable, opType: string, opset: number): Kernel | undefined {
  const entry = table.get(opType);
  return entry && opset >= (entry.since ?? 1) ? entry.kernel : undefined;
}

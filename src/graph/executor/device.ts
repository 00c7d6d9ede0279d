/**
 * Where a graph runs. A device holds values of its own kind V (host tensors for the
 * reference and cpu devices; GPU textures for webgl2), moves graph inputs and outputs
 * across, frees what the executor no longer needs and offers one kernel per op type.
 */
import type { ElementType, HostTensor } from '../host-tensor.js';
import type { KernelContext } from './kernel.js';

/** A kernel over a device's own values; may be async (a GPU read-back). */
export type DeviceKernel<V> = (inputs: readonly (V | undefined)[], ctx: KernelContext) => V[] | Promise<V[]>;

export interface ExecutionDevice<V = HostTensor> {
  /** How messages name it: `engine-cpu`, `engine-reference`, `engine-webgl2`. */
  readonly name: string;
  /** The kernel for `opType` of the default domain at `opset`, or undefined when the device lacks it. */
  kernel(opType: string, opset: number): DeviceKernel<V> | undefined;
  /** The element type a float value is stored in on this device. */
  floatStorage(type: ElementType): ElementType;
  /** A graph input, initializer or load-time constant onto the device. */
  upload(tensor: HostTensor): V;
  /** A result back to the host, as `declared` when the graph declares its type. */
  download(value: V, declared: ElementType | null): HostTensor | Promise<HostTensor>;
  /** The executor is done with `value` (never called for uploaded constants before dispose). */
  release(value: V): void;
  /** The shape of a value, for feed and result checks. */
  dims(value: V): readonly number[];
  /**
   * `opType`'s kernel with its output clamped to [lo, hi] in the same pass (a Relu or
   * Clip folded in, see fuse-clamps.ts), where the device has one.
   */
  clampedKernel?(opType: string, opset: number, lo: number, hi: number): DeviceKernel<V> | undefined;
}

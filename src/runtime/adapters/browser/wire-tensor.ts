/**
 * A HostTensor as it crosses the page bridge: its bytes, type and dims. The bridge
 * carries byte arrays exactly (over HTTP, see src/browser/bridge-protocol.ts) but knows
 * nothing of int64 or float16, so every tensor travels as plain bytes and is rebuilt in
 * its own typed array on the other side. Imported by Node and by pages alike.
 */
import { allocateData, elementCount, isElementType, type ElementType, type HostTensor } from '../../../graph/host-tensor.js';
import { formatShape } from '../../../graph/format-shape.js';

export interface WireTensor {
  type: ElementType;
  dims: number[];
  bytes: Uint8Array;
}

export function toWire(t: HostTensor): WireTensor {
  return { type: t.type, dims: [...t.dims], bytes: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength) };
}

/** Rebuilds the tensor in a fresh, aligned array of its type. */
export function fromWire(w: WireTensor): HostTensor {
  if (!isElementType(w.type)) throw new Error(`bridge: unknown element type ${String(w.type)}`);
  const data = allocateData(w.type, elementCount(w.dims));
  if (data.byteLength !== w.bytes.byteLength) throw new Error(`bridge: ${w.type} ${formatShape(w.dims)} needs ${data.byteLength} bytes, got ${w.bytes.byteLength}`);
  new Uint8Array(data.buffer).set(w.bytes);
  return { type: w.type, dims: [...w.dims], data };
}

/** Named tensors as the bridge carries them (a plain record keeps the order). */
export function namedToWire(tensors: ReadonlyMap<string, HostTensor>): Record<string, WireTensor> {
  return Object.fromEntries([...tensors].map(([name, t]) => [name, toWire(t)]));
}

export function namedFromWire(tensors: Record<string, WireTensor>): Map<string, HostTensor> {
  return new Map(Object.entries(tensors).map(([name, w]) => [name, fromWire(w)]));
}

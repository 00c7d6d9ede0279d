/**
 * How values cross between Node and a page we drive (both sides import this file).
 *
 * Calls travel through Playwright's evaluate as JSON-like values, which is slow and lossy
 * for the megabytes of float32 image tensors and outputs we move. So every typed array is
 * swapped for a `BlobRef` and its bytes travel over HTTP through the local server's
 * blob route instead: exact bits, no base64, no number-by-number JSON.
 */

/** The page global through which Node calls the functions a page exposes. */
export const BRIDGE_GLOBAL = '__lenetPortableBridge';
/** GET `${BLOB_ROUTE}/<id>` takes a blob Node stored; POST `${BLOB_ROUTE}/` stores one and answers its id. */
export const BLOB_ROUTE = '/__bridge/blob';

const TYPED_ARRAYS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Uint8ClampedArray,
} as const;

export type TypedArrayName = keyof typeof TYPED_ARRAYS;
type AnyTypedArray = InstanceType<(typeof TYPED_ARRAYS)[TypedArrayName]>;

export interface BlobRef {
  $blob: string;
  type: TypedArrayName;
}

/** What the page answers to a call: never a thrown error, so Node gets one clean line. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The functions a page exposes (an interface whose members are all functions); every
 * argument and result is plain data, typed arrays included. Written as a mapped type so
 * that interfaces, which have no index signature, satisfy it.
 */
export type PageApi<Api> = { [K in keyof Api]: (...args: never[]) => unknown };

/** By instanceof, so subclasses such as Node's Buffer travel as their base type. */
function typedArrayName(value: unknown): TypedArrayName | null {
  if (!ArrayBuffer.isView(value)) return null;
  for (const [name, Type] of Object.entries(TYPED_ARRAYS)) if (value instanceof Type) return name as TypedArrayName;
  return null;
}

function isBlobRef(value: unknown): value is BlobRef {
  return typeof value === 'object' && value !== null && typeof (value as BlobRef).$blob === 'string';
}

/** Replaces every typed array inside `value` (arrays and plain objects, any depth) with a stored BlobRef. */
export async function encodeValue(value: unknown, store: (bytes: Uint8Array) => Promise<string>): Promise<unknown> {
  const type = typedArrayName(value);
  if (type) {
    const view = value as AnyTypedArray;
    return { $blob: await store(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)), type } satisfies BlobRef;
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => encodeValue(v, store)));
  if (isPlainObject(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await encodeValue(v, store)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** The inverse of encodeValue: every BlobRef becomes its typed array again. */
export async function decodeValue(value: unknown, take: (id: string) => Promise<ArrayBuffer>): Promise<unknown> {
  if (isBlobRef(value)) {
    const Type = TYPED_ARRAYS[value.type];
    if (!Type) throw new Error(`bridge: unknown typed array ${String(value.type)}`);
    return new Type(await take(value.$blob));
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => decodeValue(v, take)));
  if (isPlainObject(value)) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await decodeValue(v, take)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

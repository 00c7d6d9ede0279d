/**
 * The page side of the bridge: a bundled page entry calls `exposeToNode(api)` once its
 * functions are ready; Node's PageBridge then calls them by name. Typed arrays in
 * arguments and results travel as bytes over the local server (see bridge-protocol.ts);
 * a thrown error comes back as its one-line message.
 */
import { describeError } from '../util/errors.js';
import { BLOB_ROUTE, BRIDGE_GLOBAL, decodeValue, encodeValue, type CallOutcome, type PageApi } from './bridge-protocol.js';

async function takeBlob(id: string): Promise<ArrayBuffer> {
  const response = await fetch(`${BLOB_ROUTE}/${encodeURIComponent(id)}`);
  if (!response.ok) throw new Error(`bridge: blob ${id} is gone (HTTP ${response.status})`);
  return response.arrayBuffer();
}

async function storeBlob(bytes: Uint8Array): Promise<string> {
  // A Blob body, not the typed array itself: Chromium uploads 12 MB from a Blob in ~0.2 s
  // but takes seconds over the same bytes handed as an ArrayBufferView.
  const response = await fetch(`${BLOB_ROUTE}/`, { method: 'POST', body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
  if (!response.ok) throw new Error(`bridge: cannot hand ${bytes.byteLength} bytes to Node (HTTP ${response.status})`);
  return response.text();
}

export function exposeToNode<Api extends PageApi<Api>>(api: Api): void {
  const call = async (name: string, encodedArgs: unknown): Promise<CallOutcome> => {
    try {
      const fn = Object.hasOwn(api, name) ? (api as Record<string, unknown>)[name] : undefined;
      if (typeof fn !== 'function') throw new Error(`the page has no function "${name}"`);
      const args = (await decodeValue(encodedArgs, takeBlob)) as never[];
      return { ok: true, value: await encodeValue(await (fn as (...a: never[]) => unknown)(...args), storeBlob) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  };
  (globalThis as Record<string, unknown>)[BRIDGE_GLOBAL] = { call };
}

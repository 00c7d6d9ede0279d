/** A page exposing small functions that show what crosses the bridge, and how. */
import { readFileSync } from 'node:fs';
import { exposeToNode } from '../../../src/browser/expose-to-node.js';

export interface BridgeProbeApi {
  echo(value: { images: Float32Array; count: number }): Promise<{ images: Float32Array; count: number }>;
  scale(values: Float32Array, factor: number): Float32Array;
  fail(message: string): never;
  environment(): { crossOriginIsolated: boolean; isSecureContext: boolean; sharedArrayBuffer: boolean };
  readNodeFile(): string;
}

exposeToNode<BridgeProbeApi>({
  echo: async (value) => value,
  scale: (values, factor) => values.map((v) => v * factor),
  fail: (message) => {
    throw new Error(`${message}\nsecond line that must not travel`);
  },
  environment: () => ({ crossOriginIsolated, isSecureContext, sharedArrayBuffer: typeof SharedArrayBuffer === 'function' }),
  readNodeFile: () => String(readFileSync('/etc/hostname')),
});

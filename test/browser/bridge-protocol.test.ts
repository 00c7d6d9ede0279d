/**
 * The bridge's value encoding: typed arrays leave as blob references and come back as
 * the same type with the same bits; everything else passes through as plain data.
 */
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from '../../src/browser/bridge-protocol.js';

function memoryStore() {
  const blobs = new Map<string, Uint8Array>();
  return {
    blobs,
    store: async (bytes: Uint8Array) => {
      const id = `b${blobs.size}`;
      blobs.set(id, bytes.slice());
      return id;
    },
    take: async (id: string) => {
      const bytes = blobs.get(id)!;
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

describe('bridge value encoding', () => {
  it('round-trips nested typed arrays bit for bit, and keeps plain values', async () => {
    const special = new Float32Array([Number.NaN, -0, Infinity, 1e-45, 3.4028234663852886e38]);
    const value = { a: [1, 'two', null, true], nested: { special, ints: new Int32Array([-1, 2 ** 31 - 1]) }, bytes: new Uint8Array([0, 255]) };
    const { store, take, blobs } = memoryStore();
    const encoded = await encodeValue(value, store);
    expect(JSON.parse(JSON.stringify(encoded))).toEqual(encoded);
    expect(blobs.size).toBe(3);
    const decoded = (await decodeValue(encoded, take)) as typeof value;
    expect(decoded.a).toEqual([1, 'two', null, true]);
    expect(decoded.nested.special).toBeInstanceOf(Float32Array);
    expect(new Uint32Array(decoded.nested.special.buffer)).toEqual(new Uint32Array(special.buffer));
    expect(decoded.nested.ints).toEqual(new Int32Array([-1, 2 ** 31 - 1]));
    expect(decoded.bytes).toEqual(new Uint8Array([0, 255]));
  });

  it('sends only the viewed part of a subarray', async () => {
    const whole = Float32Array.from({ length: 10 }, (_, i) => i);
    const { store, take } = memoryStore();
    const decoded = await decodeValue(await encodeValue(whole.subarray(3, 6), store), take);
    expect(decoded).toEqual(new Float32Array([3, 4, 5]));
  });

  it("sends Node's Buffer as the Uint8Array it is", async () => {
    const { store, take } = memoryStore();
    const encoded = await encodeValue(Buffer.from([7, 8, 9]), store);
    expect(encoded).toMatchObject({ type: 'Uint8Array' });
    expect(await decodeValue(encoded, take)).toEqual(new Uint8Array([7, 8, 9]));
  });
});

/**
 * The thread pool under failure: a kernel that traps (here: an out-of-bounds pointer,
 * in whichever thread claims the chunk) surfaces as an error naming the kernel, and
 * the pool keeps computing correct results afterwards.
 */
import { expect, it } from 'vitest';
import { createCpuBackend } from '../../../../src/graph/backends/cpu/index.js';
import { wasmDevice } from '../../../../src/graph/backends/cpu/wasm/device.js';

it('reports a trapping kernel and keeps working', async () => {
  const be = createCpuBackend({ threads: 2 });
  await be.ready();
  const pool = wasmDevice()!.pool(2);
  const beyond = 0xfff00000;
  for (let i = 0; i < 5; i++)
    expect(() => pool.run('unaryForward', [4096, 0, beyond, beyond, 1 << 20])).toThrow(/out of bounds|unaryForward/);
  const x = be.upload(Float32Array.from({ length: 100_000 }, (_, i) => (i % 7) - 3));
  const y = be.readSync!(be.unary('relu', x));
  expect(y[3]).toBe(0);
  expect(y[6]).toBe(3);
  expect(Array.from(y).every((v, i) => v === Math.max(0, (i % 7) - 3))).toBe(true);
});

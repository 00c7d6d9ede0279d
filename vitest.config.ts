import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // onnxruntime checks typed arrays with instanceof: keep tests out of vm-isolated pools.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

/** Which WebGPU adapters the known Conv-bug expectation applies to (SwiftShader only). */
import { describe, expect, it } from 'vitest';
import { webgpuExpectation } from './webgpu-conv-bug.js';

const line = (adapter: string) =>
  `onnxruntime-web 1.30.0, WebGPU execution provider on ${adapter}, 2 threads, 11 nodes on WebGpuExecutionProvider, in Chromium 140.0.7339.0`;

describe('webgpuExpectation', () => {
  it('expects the bug on SwiftShader, as headless Chromium reports it', () => {
    expect(webgpuExpectation(line('google / swiftshader'))).toMatchObject({ adapter: 'google / swiftshader', convBugExpected: true });
  });
  it('expects parity on a real GPU, adapter names with commas included', () => {
    expect(webgpuExpectation(line('nvidia / ampere / NVIDIA GeForce RTX 3060, rev a1'))).toMatchObject({
      adapter: 'nvidia / ampere / NVIDIA GeForce RTX 3060, rev a1', convBugExpected: false,
    });
    expect(webgpuExpectation(line('apple / metal-3')).why).toMatch(/not SwiftShader: ort-web-webgpu must pass parity/);
  });
  it('refuses a provider line without an adapter rather than guessing', () => {
    expect(() => webgpuExpectation('onnxruntime-web 1.30.0, wasm execution provider (SIMD), 2 threads')).toThrow(/names no WebGPU adapter/);
  });
});

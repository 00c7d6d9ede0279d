/**
 * onnxruntime-web 1.30's WebGPU execution provider computes the seed LeNet5's second
 * Conv (6→16) wrongly on SwiftShader's WebGPU adapter, the one headless Chromium offers
 * without a GPU (test/runtime/bisect/verify-parity-bisect.test.ts pins it to that node).
 * Tests expect the failure only where the adapter ort-web-webgpu reports is SwiftShader;
 * on any other adapter they expect it to pass parity like every runtime. So a machine
 * whose WebGPU is right is not a red build, and an upgrade that fixes the bug on
 * SwiftShader fails the expectation on purpose (then the runtime can be trusted again).
 */
export interface WebgpuExpectation {
  /** The adapter as the provider line names it, e.g. "google / swiftshader". */
  adapter: string;
  /** SwiftShader: parity must fail with the known Conv bug. Elsewhere: it must pass. */
  convBugExpected: boolean;
  /** For assertion messages: the adapter seen and what is expected on it. */
  why: string;
}

/** Reads the adapter from an ort-web-webgpu provider line ("… WebGPU execution provider on <adapter>, N threads, …"). */
export function webgpuExpectation(provider: string): WebgpuExpectation {
  const adapter = /WebGPU execution provider on (.+?), \d+ threads?\b/.exec(provider)?.[1];
  if (!adapter) throw new Error(`ort-web-webgpu's provider line names no WebGPU adapter: "${provider}"`);
  const convBugExpected = /swiftshader/i.test(adapter);
  const why = convBugExpected
    ? `WebGPU adapter "${adapter}" is SwiftShader, where onnxruntime-web's WebGPU Conv is known to be wrong`
    : `WebGPU adapter "${adapter}" is not SwiftShader: ort-web-webgpu must pass parity on it`;
  return { adapter, convBugExpected, why };
}

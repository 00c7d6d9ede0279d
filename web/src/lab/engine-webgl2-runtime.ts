/**
 * engine-webgl2 in the lab: our engine on the page's WebGL2. A model the LeNet chain
 * importer reads runs on the WebGL2 backend's fused path, as in verify-parity; any
 * other model runs on the GraphExecutor with the webgl2 device (float32 tensors in
 * textures, the cpu kernels for ops without a shader). The provider names the GL
 * renderer that really ran and, after a run, which ops fell back to the CPU; without
 * float-capable WebGL2 the runtime is unavailable, never run elsewhere.
 */
import { createWebgl2Backend } from '../../../src/graph/backends/webgl2/index.js';
import { createWebgl2Device, type Webgl2Device } from '../../../src/graph/backends/webgl2/executor/index.js';
import { cpuDevice } from '../../../src/graph/executor/devices/cpu.js';
import { GraphExecutor } from '../../../src/graph/executor/executor.js';
import type { HostTensor } from '../../../src/graph/host-tensor.js';
import { ChainModel, chainInterface } from '../../../src/runtime/adapters/chain-run.js';
import { missingOps } from '../../../src/graph/executor/op-coverage.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult, Runtime, RuntimeSession } from '../../../src/runtime/runtime.js';
import { describeError } from '../../../src/util/errors.js';
import { webglRendererOf } from './environment.js';

interface Runner {
  run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>>;
  dispose(): void;
}

class Webgl2Session implements RuntimeSession {
  readonly maxBatch = 500;
  constructor(
    private readonly runner: Runner,
    private readonly release: () => void,
    private readonly describe: () => string,
  ) {}

  get provider(): string {
    return this.describe();
  }

  run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    return this.runner.run(feeds, fetches);
  }

  async close(): Promise<void> {
    this.runner.dispose();
    this.release();
  }
}

/** `, 2 ops on the CPU (Resize×2)` after a run, or nothing when every op ran in shaders. */
function fallbackText(device: Webgl2Device): string {
  const ops = [...device.fallbacks()];
  if (ops.length === 0) return ', every op in shaders';
  return `, CPU fallback with read-back: ${ops.map(([op, n]) => `${op}×${n}`).join(', ')}`;
}

function openChain(model: ModelUnderTest): OpenResult {
  const canvas = document.createElement('canvas');
  const backend = createWebgl2Backend(canvas);
  const renderer = webglRendererOf(canvas.getContext('webgl2') as WebGL2RenderingContext);
  const chain = new ChainModel(model.spec!, backend, chainInterface(model));
  return { available: true, session: new Webgl2Session(chain, () => backend.destroy(), () => `lenet-portable engine, webgl2 backend (LeNet chain path) on ${renderer}`) };
}

function openGraph(model: ModelUnderTest): OpenResult {
  const graph = model.graph;
  if (!graph) return { available: false, reason: `our ONNX graph reader cannot read the model: ${model.graphError}` };
  // The device runs what the cpu kernels cover (falling back to them where it has no shader).
  const missing = missingOps(graph, cpuDevice());
  if (missing) return { available: false, reason: `ops engine-webgl2 does not run yet (opset ${graph.opset}): ${missing}` };
  const device = createWebgl2Device({ canvas: document.createElement('canvas') });
  try {
    const executor = new GraphExecutor(graph, device);
    return { available: true, session: new Webgl2Session(executor, () => device.destroy(), () => `lenet-portable engine, graph executor on the webgl2 device, ${device.renderer}${fallbackText(device)}`) };
  } catch (error) {
    device.destroy();
    throw error;
  }
}

export const engineWebgl2Runtime: Runtime = {
  name: 'engine-webgl2',
  description: 'our engine on WebGL2 in this page (the GPU the browser gives it)',
  environment: 'browser',
  async open(model: ModelUnderTest): Promise<OpenResult> {
    try {
      return model.spec ? openChain(model) : openGraph(model);
    } catch (error) {
      return { available: false, reason: `the WebGL2 engine cannot start here: ${describeError(error)}` };
    }
  },
};

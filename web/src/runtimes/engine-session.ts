/** Our engine as a runtime session in the page: the imported model built on one backend. */
import { noGrad } from '../../../src/graph/autograd.js';
import type { Backend } from '../../../src/graph/backend.js';
import type { ModelSpec } from '../../../src/graph/model-spec.js';
import { buildModel, type Model } from '../../../src/graph/models/build.js';
import { tidy } from '../../../src/graph/scope.js';
import { tensorFrom } from '../../../src/graph/tensor.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult, RuntimeSession } from '../../../src/runtime/runtime.js';

/** Big enough to keep the GPU busy, small enough for SwiftShader's textures in RAM. */
const MAX_BATCH = 250;

class EngineSession implements RuntimeSession {
  readonly maxBatch = MAX_BATCH;

  constructor(
    private readonly model: Model,
    readonly provider: string,
  ) {}

  async run(input: Float32Array, batch: number): Promise<Float32Array> {
    const backend = this.model.backend;
    const output = noGrad(() => tidy(() => this.model.forward(tensorFrom(backend, [batch, 3, 32, 32], input))));
    try {
      return Float32Array.from(await output.data());
    } finally {
      output.dispose();
    }
  }

  async close(): Promise<void> {
    this.model.dispose();
  }
}

/** The layers behind the compared output: a trailing Softmax goes when logits are compared (as engine-cpu does). */
function comparedSpec(spec: ModelSpec, model: ModelUnderTest): ModelSpec {
  const last = spec.layers.at(-1);
  return model.io.compared.kind === 'logits' && last?.kind === 'softmax' ? { ...spec, layers: spec.layers.slice(0, -1) } : spec;
}

export function openEngine(model: ModelUnderTest, backend: Backend, provider: string): OpenResult {
  if (!model.spec) return { available: false, reason: `our ONNX importer cannot read the model: ${model.engineError}` };
  return { available: true, session: new EngineSession(buildModel(comparedSpec(model.spec, model), backend), provider) };
}

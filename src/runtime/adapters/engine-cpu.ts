/**
 * Our own engine in this Node process, fed the model through our ONNX importer:
 * `engine-cpu` on the fast CPU backend (the default reference of verify-parity and the
 * default runtime of predict), and `engine-reference` on the plain-loop reference
 * backend — slow, but the simplest code we have, handy to check the fast one.
 */
import { describeError } from '../../util/errors.js';
import { noGrad } from '../../graph/autograd.js';
import type { Backend, ForwardPlan } from '../../graph/backend.js';
import { selectBackend } from '../../graph/backends/select.js';
import type { ModelSpec } from '../../graph/model-spec.js';
import { buildModel, type Model } from '../../graph/models/build.js';
import { tidy } from '../../graph/scope.js';
import { tensorFrom } from '../../graph/tensor.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OpenResult, Runtime, RuntimeContext, RuntimeSession } from '../runtime.js';

/** The layers that compute the compared output: a trailing Softmax goes when the logits are compared. */
function comparedLayers(spec: ModelSpec, model: ModelUnderTest): ModelSpec {
  const last = spec.layers[spec.layers.length - 1];
  if (model.io.compared.kind === 'logits' && last?.kind === 'softmax') return { ...spec, layers: spec.layers.slice(0, -1) };
  return spec;
}

class EngineSession implements RuntimeSession {
  readonly maxBatch = null;
  readonly provider: string;
  /** The model compiled for inference where the backend can (the CPU backend's wasm kernels). */
  private readonly plan: ForwardPlan | null;

  constructor(
    private readonly model: Model,
    private readonly backend: Backend,
    provider: string,
  ) {
    this.plan = model.compileForward();
    this.provider = this.plan ? `${provider}, compiled forward plan` : provider;
  }

  async run(input: Float32Array, batch: number): Promise<Float32Array> {
    if (this.plan) return this.plan.run(input, batch);
    const output = noGrad(() => tidy(() => this.model.forward(tensorFrom(this.backend, [batch, 3, 32, 32], input))));
    try {
      const values = await output.data();
      return values instanceof Float32Array ? values.slice() : Float32Array.from(values);
    } finally {
      output.dispose();
    }
  }

  async close(): Promise<void> {
    this.plan?.dispose();
    this.model.dispose();
  }
}

function engineRuntime(name: string, description: string, backendName: 'cpu' | 'reference'): Runtime {
  return {
    name,
    description,
    environment: 'node',
    async open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
      if (!model.spec) return { available: false, reason: `our ONNX importer cannot read the model: ${model.engineError}` };
      let choice;
      try {
        choice = await selectBackend(backendName, { threads: context.threads });
      } catch (error) {
        return { available: false, reason: `the ${backendName} backend cannot start here: ${describeError(error)}` };
      }
      const built = buildModel(comparedLayers(model.spec, model), choice.backend);
      return { available: true, session: new EngineSession(built, choice.backend, `lenet-portable engine, ${choice.reason}`) };
    },
  };
}

export const engineCpuRuntime: Runtime = engineRuntime('engine-cpu', 'our engine on the fast CPU backend (through our ONNX importer)', 'cpu');

export const engineReferenceRuntime: Runtime = engineRuntime(
  'engine-reference',
  'our engine on the plain-loop reference backend (slow; a check on engine-cpu)',
  'reference',
);

/**
 * The engine's fast path for models the LeNet chain importer accepts: the chain is
 * built once on a backend without a trailing Softmax, and each fetch is either its
 * logits or the Softmax of them (for an output a Softmax node produces). Pure engine
 * code, so the Node adapters and the WebGL2 page share it.
 */
import { noGrad } from '../../graph/autograd.js';
import type { Backend, ForwardPlan } from '../../graph/backend.js';
import type { HostTensor } from '../../graph/host-tensor.js';
import type { ModelSpec } from '../../graph/model-spec.js';
import { buildModel, type Model } from '../../graph/models/build.js';
import { softmax } from '../../graph/ops/softmax.js';
import { tidy } from '../../graph/scope.js';
import { tensorFrom, type Tensor } from '../../graph/tensor.js';
import type { ModelUnderTest } from '../model-under-test.js';

/** The chain's interface: its image input and what each graph output is. */
export interface ChainInterface {
  input: string;
  outputs: { name: string; kind: 'logits' | 'probabilities' }[];
}

/** The chain interface of a model the chain importer read: its first input, every output. */
export function chainInterface(model: Pick<ModelUnderTest, 'io'>): ChainInterface {
  return { input: model.io.inputs[0]?.name ?? '', outputs: model.io.outputs.map((o) => ({ name: o.name, kind: o.kind })) };
}

export class ChainModel {
  private readonly model: Model;
  /** The model compiled for inference where the backend can (the CPU backend's wasm kernels). */
  private readonly plan: ForwardPlan | null;

  constructor(
    spec: ModelSpec,
    private readonly backend: Backend,
    private readonly io: ChainInterface,
  ) {
    const last = spec.layers.at(-1);
    this.model = buildModel(last?.kind === 'softmax' ? { ...spec, layers: spec.layers.slice(0, -1) } : spec, backend);
    this.plan = this.model.compileForward();
  }

  /** Whether runs go through the compiled forward plan. */
  get compiled(): boolean {
    return this.plan !== null;
  }

  async run(feeds: ReadonlyMap<string, HostTensor>, fetches: readonly string[]): Promise<Map<string, HostTensor>> {
    const input = feeds.get(this.io.input);
    if (!input || input.type !== 'float32' || input.dims.length !== 4) throw new Error(`the engine's chain path needs input "${this.io.input}" as float32 [N,C,H,W]`);
    const kinds = fetches.map((name) => {
      const output = this.io.outputs.find((o) => o.name === name);
      if (!output) throw new Error(`the engine's chain path computes only ${this.io.outputs.map((o) => `"${o.name}"`).join(', ')}, not "${name}"`);
      return output.kind;
    });
    if (this.plan && kinds.every((k) => k === 'logits')) {
      const batch = input.dims[0]!;
      const logits: HostTensor = { type: 'float32', dims: [batch, this.plan.outputSize], data: this.plan.run(input.data as Float32Array, batch) };
      return new Map(fetches.map((name) => [name, logits]));
    }
    const results = noGrad(() =>
      tidy(() => {
        const logits = this.model.forward(tensorFrom(this.backend, [...input.dims], input.data as Float32Array));
        return { logits, probabilities: kinds.includes('probabilities') ? softmax(logits) : null };
      }),
    );
    try {
      const read = async (t: Tensor): Promise<HostTensor> => {
        const values = await t.data();
        return { type: 'float32', dims: [...t.shape], data: values instanceof Float32Array ? values.slice() : Float32Array.from(values) };
      };
      const logits = await read(results.logits);
      const probabilities = results.probabilities ? await read(results.probabilities) : null;
      return new Map(fetches.map((name, i) => [name, kinds[i] === 'probabilities' ? probabilities! : logits]));
    } finally {
      results.logits.dispose();
      results.probabilities?.dispose();
    }
  }

  dispose(): void {
    this.plan?.dispose();
    this.model.dispose();
  }
}

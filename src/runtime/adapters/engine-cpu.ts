/**
 * Our own engine in this Node process: `engine-cpu` on the fast CPU kernels (the default
 * reference of verify-parity for our own models and the default runtime of predict), and
 * `engine-reference`, the plain kernels — for graphs in float64, the arbiter when
 * onnxruntime-node and onnxruntime-web disagree.
 *
 * A model the LeNet chain importer accepts runs on the chain path (the fast, trained
 * code); any other model runs on the graph executor, or the runtime is unavailable with
 * the reason (an op the executor lacks, a type it cannot read).
 */
import { describeError } from '../../util/errors.js';
import { selectBackend } from '../../graph/backends/select.js';
import type { ExecutionDevice } from '../../graph/executor/device.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OpenResult, Runtime, RuntimeContext } from '../runtime.js';
import { ChainModel, chainInterface } from './chain-run.js';
import { LocalSession } from './local-session.js';

/**
 * The graph executor on `device`, or why not (a model it cannot read, ops it lacks).
 * The executor and its kernels load on first use: our own models take the chain path,
 * and a one-photo `predict` should not compile some 80 modules it never runs.
 */
export async function openGraph(model: ModelUnderTest, makeDevice: () => Promise<ExecutionDevice>, provider: string): Promise<OpenResult> {
  if (!model.graph) return { available: false, reason: `our ONNX graph reader cannot read the model: ${model.graphError}` };
  const [{ GraphExecutor }, { missingOps }] = await Promise.all([import('../../graph/executor/executor.js'), import('../../graph/executor/op-coverage.js')]);
  const device = await makeDevice();
  const missing = missingOps(model.graph, device);
  if (missing) return { available: false, reason: `ops ${device.name} does not run yet (opset ${model.graph.opset}): ${missing}` };
  try {
    return { available: true, session: new LocalSession(new GraphExecutor(model.graph, device), provider) };
  } catch (error) {
    return { available: false, reason: describeError(error) };
  }
}

function engineRuntime(name: string, description: string, backendName: 'cpu' | 'reference', graph: { device: () => Promise<ExecutionDevice>; provider: string }): Runtime {
  return {
    name,
    description,
    environment: 'node',
    async open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
      if (!model.spec) return openGraph(model, graph.device, graph.provider);
      let choice;
      try {
        choice = await selectBackend(backendName, { threads: context.threads });
      } catch (error) {
        return { available: false, reason: `the ${backendName} backend cannot start here: ${describeError(error)}` };
      }
      const chain = new ChainModel(model.spec, choice.backend, chainInterface(model));
      return { available: true, session: new LocalSession(chain, `lenet-portable engine, ${choice.reason}${chain.compiled ? ', compiled forward plan' : ''}`) };
    },
  };
}

export const engineCpuRuntime: Runtime = engineRuntime('engine-cpu', 'our engine on the fast CPU kernels (LeNet chain path, else the graph executor)', 'cpu', {
  device: async () => (await import('../../graph/executor/devices/cpu.js')).cpuDevice(),
  provider: 'lenet-portable engine, graph executor on the cpu device (float32)',
});

export const engineReferenceRuntime: Runtime = engineRuntime(
  'engine-reference',
  'our engine on the plain reference kernels, graphs in float64 (slow; the arbiter)',
  'reference',
  { device: async () => (await import('../../graph/executor/devices/reference.js')).referenceDevice(), provider: 'lenet-portable engine, graph executor on the reference device (float64)' },
);

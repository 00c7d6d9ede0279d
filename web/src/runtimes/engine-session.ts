/** Our engine as a runtime session in the page: the imported model built on one backend. */
import type { Backend } from '../../../src/graph/backend.js';
import { ChainModel, chainInterface } from '../../../src/runtime/adapters/chain-run.js';
import { LocalSession } from '../../../src/runtime/adapters/local-session.js';
import type { ModelUnderTest } from '../../../src/runtime/model-under-test.js';
import type { OpenResult } from '../../../src/runtime/runtime.js';

/** Big enough to keep the GPU busy, small enough for SwiftShader's textures in RAM. */
const MAX_BATCH = 250;

export function openEngine(model: ModelUnderTest, backend: Backend, provider: string): OpenResult {
  if (!model.spec) return { available: false, reason: `our ONNX importer cannot read the model: ${model.engineError}` };
  return { available: true, session: new LocalSession(new ChainModel(model.spec, backend, chainInterface(model)), provider, MAX_BATCH) };
}

/**
 * onnxruntime-node with its CPU execution provider only: asking for 'cpu' alone means
 * there is no other provider it could fall back to, so the provider we report is the
 * one that ran.
 */
import { describeError } from '../../util/errors.js';
import type { ModelUnderTest } from '../model-under-test.js';
import type { OpenResult, Runtime, RuntimeContext } from '../runtime.js';
import { OrtSession, type OrtModule } from './ort-session.js';

export const ortNodeRuntime: Runtime = {
  name: 'ort-node',
  description: 'onnxruntime-node, CPU execution provider',
  environment: 'node',
  async open(model: ModelUnderTest, context: RuntimeContext): Promise<OpenResult> {
    let ort: OrtModule;
    try {
      ort = (await import('onnxruntime-node')) as unknown as OrtModule;
    } catch (error) {
      return { available: false, reason: `onnxruntime-node cannot load: ${describeError(error)}` };
    }
    const options = { executionProviders: ['cpu'], intraOpNumThreads: context.threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
    try {
      // With external data the path lets ORT find the side file next to the model.
      const session =
        model.externalData.length > 0 && model.path
          ? await ort.InferenceSession.create(model.path, options)
          : await ort.InferenceSession.create(model.bytes, options);
      const provider = `onnxruntime-node ${ort.env.versions?.node ?? '?'}, CPUExecutionProvider, ${context.threads} intra-op thread${context.threads === 1 ? '' : 's'}`;
      return { available: true, session: new OrtSession(ort, session, provider) };
    } catch (error) {
      return { available: false, reason: `onnxruntime-node cannot load the model: ${describeError(error)}` };
    }
  },
};

/**
 * Runs any number of images through a session in batches: no larger than the session
 * takes, and exactly the model's batch size when the model fixes one (the last batch is
 * then padded with zero images whose outputs are dropped — rows never mix, so padding
 * cannot change a real image's output).
 */
import type { RuntimeSession } from './runtime.js';

export const IMAGE_VALUES = 3 * 32 * 32;
/** Images per run() when neither the model nor the session sets a size: 12 MB of input. */
export const DEFAULT_BATCH = 1000;

export interface BatchedOutput {
  /** count·classes values, row per image, in input order. */
  values: Float32Array;
  classes: number;
}

export function batchSizeFor(session: RuntimeSession, fixedBatch: number | null, preferred = DEFAULT_BATCH): number {
  if (fixedBatch !== null) return fixedBatch;
  return Math.max(1, Math.min(preferred, session.maxBatch ?? preferred));
}

export async function runBatches(
  session: RuntimeSession,
  inputs: Float32Array,
  count: number,
  options: { fixedBatch: number | null; preferredBatch?: number; onBatch?: (done: number) => void },
): Promise<BatchedOutput> {
  if (inputs.length !== count * IMAGE_VALUES) throw new RangeError(`runBatches: ${inputs.length} values are not ${count} images`);
  const size = batchSizeFor(session, options.fixedBatch, options.preferredBatch);
  let values: Float32Array | null = null;
  let classes = 0;
  for (let start = 0; start < count; start += size) {
    const real = Math.min(size, count - start);
    const batch = options.fixedBatch ?? real;
    let input = inputs.subarray(start * IMAGE_VALUES, (start + real) * IMAGE_VALUES);
    if (batch > real) {
      const padded = new Float32Array(batch * IMAGE_VALUES);
      padded.set(input);
      input = padded;
    }
    const output = await session.run(input, batch);
    if (output.length === 0 || output.length % batch !== 0) {
      throw new Error(`returned ${output.length} values for ${batch} images`);
    }
    if (values === null) {
      classes = output.length / batch;
      values = new Float32Array(count * classes);
    } else if (output.length / batch !== classes) {
      throw new Error(`returned ${output.length / batch} classes per image, earlier ${classes}`);
    }
    values.set(output.subarray(0, real * classes), start * classes);
    options.onBatch?.(start + real);
  }
  return { values: values ?? new Float32Array(0), classes };
}

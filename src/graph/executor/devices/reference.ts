/**
 * engine-reference: the arbiter. Every float is computed in float64 (float32 and
 * float16 inputs are promoted on upload, results rounded to the declared type on
 * download), over the plain kernels only, so it shares no fast path with engine-cpu.
 */
import type { ElementType } from '../../host-tensor.js';
import { BASE_KERNELS } from '../kernels/index.js';
import { createHostDevice } from './host-device.js';

const promote = (type: ElementType): ElementType => (type === 'float32' || type === 'float16' ? 'float64' : type);

export function referenceDevice() {
  return createHostDevice({ name: 'engine-reference', kernels: BASE_KERNELS, floatStorage: promote });
}

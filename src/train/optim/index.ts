export type { Optimizer, OptimizerState, NamedParams } from './optimizer.js';
export { Sgd, type SgdConfig } from './sgd.js';
export { Adam, type AdamConfig } from './adam.js';

export { createWebgl2Backend, type Webgl2Backend } from './backend.js';
export { probeWebgl2, type Webgl2Probe, type CanvasLike } from './context.js';
export { ShaderCompileError } from './shader-compile-error.js';
export { createWebgl2OrFallback, type BackendWithReason } from './fallback.js';
export { CONTEXT_LOST } from './context-lost.js';

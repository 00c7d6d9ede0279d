/** The error every call reports once the GL context is lost. */
export const CONTEXT_LOST =
  'webgl2: the GPU context was lost (driver reset, GPU removed or too many contexts); ' +
  'its buffers are gone: create a new backend and resume from the last checkpoint';

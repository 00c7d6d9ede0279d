/**
 * A GPU program as plain data: which buffers it reads, how many elements it writes
 * and the GLSL that computes one output element. Kernels build these descriptions;
 * the shader compiler turns them into real shaders and the runner executes them.
 *
 * Shapes are baked into the GLSL as constants (the key names them all), so the
 * compiler can unroll loops and fold index arithmetic; only values that change
 * between calls with equal shapes (learning rate, Adam's step) are uniforms.
 */

export interface GpuProgram {
  /** Identifies the GLSL: kernel name plus every constant baked into `main`. */
  readonly key: string;
  /** Input buffers in `run` order; each gets an accessor `float <name>_at(int i)`. */
  readonly inputs: readonly string[];
  /** Elements in each output; all outputs of one program share a size. */
  readonly outputSize: number;
  /** Output variables `main` assigns (several = multiple render targets). Default ['result']. */
  readonly outputs?: readonly string[];
  /** Float uniforms `main` reads, set on every run. */
  readonly uniforms?: readonly string[];
  /** Helper functions placed before `main` (must not depend on outputs). */
  readonly helpers?: string;
  /** Statement body run for flat output index `int index`; assigns every output. */
  readonly main: string;
}

export function outputNames(p: GpuProgram): readonly string[] {
  return p.outputs ?? ['result'];
}

/** Formats a float so GLSL parses it as a float literal (`1` alone is an int). */
export function glslFloat(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot bake ${x} into GLSL`);
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

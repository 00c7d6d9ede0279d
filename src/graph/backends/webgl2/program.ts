/**
 * A GPU program as plain data: which buffers it reads, how many elements it writes
 * and the GLSL that computes them. Kernels build these descriptions; the shader
 * compiler turns them into real shaders and the runner executes them.
 *
 * One fragment produces one texel, i.e. four consecutive elements. A program gives
 * either `main`, the scalar body for one element (the compiler runs it for each of
 * the four), or `main4`, a body computing all four at once so they can share
 * fetches (weights common to neighbouring outputs, contiguous rows read as vec4).
 *
 * Shapes are baked into the GLSL as constants (the key names them all), so the
 * compiler can unroll loops and fold index arithmetic; only values that change
 * between calls with equal shapes (learning rate, Adam's step) are uniforms.
 */

export interface GpuProgram {
  /** Identifies the GLSL: kernel name plus every constant baked into it. */
  readonly key: string;
  /**
   * Input buffers in `run` order. Each gets accessors `float <name>_at(int i)`
   * (element i) and `vec4 <name>_texel(int t)` (elements 4t..4t+3).
   */
  readonly inputs: readonly string[];
  /** Elements in each output; all outputs of one program share a size. */
  readonly outputSize: number;
  /** Output variables (several = multiple render targets). Default ['result']. */
  readonly outputs?: readonly string[];
  /** Float uniforms the GLSL reads, set on every run. */
  readonly uniforms?: readonly string[];
  /** Helper functions placed before the body (accessors and uniforms are in scope). */
  readonly helpers?: string;
  /** Scalar body for flat output `int index`: assigns every output as a float. */
  readonly main?: string;
  /**
   * Vector body for the texel starting at `int index` (a multiple of 4): assigns
   * every output as a vec4. Lanes past `outputSize` are padding; their values are
   * never read, but the body must not fail for them.
   */
  readonly main4?: string;
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

/**
 * Acquiring a WebGL2 context that can render to 32-bit float textures.
 *
 * Every kernel writes its result into an RGBA32F texture, so a context without float
 * render targets is useless to us even if WebGL2 itself works. Support is proven with
 * a real framebuffer-completeness check, because some drivers advertise
 * EXT_color_buffer_float yet refuse the attachment.
 */

export type Webgl2Probe = { ok: true } | { ok: false; reason: string };

/** Anything with a `getContext`, so tests can inject a canvas that refuses WebGL2. */
export interface CanvasLike {
  getContext(kind: 'webgl2', options?: WebGLContextAttributes): unknown;
}

export interface GpuContext {
  gl: WebGL2RenderingContext;
  maxTextureSize: number;
}

const CONTEXT_OPTIONS: WebGLContextAttributes = {
  alpha: false,
  antialias: false,
  depth: false,
  stencil: false,
  premultipliedAlpha: false,
  preserveDrawingBuffer: false,
  // SwiftShader counts as a "major performance caveat"; we still want it in headless runs.
  failIfMajorPerformanceCaveat: false,
};

function defaultCanvas(): CanvasLike | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  if (typeof document !== 'undefined') return document.createElement('canvas');
  return null;
}

/** Tries to build a float-capable context; returns the reason in one line when it cannot. */
export function openGpuContext(canvas: CanvasLike | null = defaultCanvas()): GpuContext | string {
  if (!canvas) return 'no canvas in this environment (neither OffscreenCanvas nor document)';
  let gl: WebGL2RenderingContext | null = null;
  try {
    gl = canvas.getContext('webgl2', CONTEXT_OPTIONS) as WebGL2RenderingContext | null;
  } catch (err) {
    return `WebGL2 context creation threw: ${(err as Error).message}`;
  }
  if (!gl) return 'WebGL2 is not available (getContext("webgl2") returned null)';
  if (!gl.getExtension('EXT_color_buffer_float')) {
    return 'float render targets are not supported (no EXT_color_buffer_float)';
  }
  if (!floatFramebufferIsComplete(gl)) {
    return 'float render targets are not supported (RGBA32F framebuffer is incomplete)';
  }
  const maxTextureSize = gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  configureForCompute(gl);
  return { gl, maxTextureSize };
}

/** Whether this environment can run the WebGL2 backend, with a one-line reason if not. */
export function probeWebgl2(canvas?: CanvasLike | null): Webgl2Probe {
  const ctx = canvas === undefined ? openGpuContext() : openGpuContext(canvas);
  if (typeof ctx === 'string') return { ok: false, reason: ctx };
  ctx.gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { ok: true };
}

function floatFramebufferIsComplete(gl: WebGL2RenderingContext): boolean {
  const texture = gl.createTexture();
  const framebuffer = gl.createFramebuffer();
  gl.bindTexture(gl.TEXTURE_2D, texture);
  gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, 1, 1);
  gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
  gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
  const complete = gl.checkFramebufferStatus(gl.FRAMEBUFFER) === gl.FRAMEBUFFER_COMPLETE;
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  gl.bindTexture(gl.TEXTURE_2D, null);
  gl.deleteFramebuffer(framebuffer);
  gl.deleteTexture(texture);
  return complete;
}

/** Compute passes draw one opaque triangle per output: no blending, depth or dithering. */
function configureForCompute(gl: WebGL2RenderingContext): void {
  gl.disable(gl.BLEND);
  gl.disable(gl.DEPTH_TEST);
  gl.disable(gl.STENCIL_TEST);
  gl.disable(gl.DITHER);
  gl.disable(gl.CULL_FACE);
  gl.disable(gl.SCISSOR_TEST);
}

/**
 * The GPU a page's WebGL2 really runs on, in one line (e.g. "ANGLE (Google, Vulkan
 * 1.3.0 (SwiftShader Device …))"), so logs say "software" when it is SwiftShader.
 * Browsers may hide the unmasked name; then the masked one is all there is.
 */
export function webglRenderer(): string {
  const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
  const gl = canvas.getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return 'no WebGL2';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/**
 * Asynchronous read-back: copy the texture into a pixel-pack buffer, drop a fence,
 * and poll the fence from the event loop (clientWaitSync with timeout 0 never
 * blocks). The GPU keeps running queued work; JavaScript never stalls on it.
 */
import { BackendError } from '../../backend.js';
import { CONTEXT_LOST } from './context-lost.js';
import type { GpuTexture } from './texture-pool.js';

export async function readTexture(
  gl: WebGL2RenderingContext,
  t: GpuTexture,
  size: number,
): Promise<Float32Array> {
  const { width, height } = t.layout;
  gl.bindFramebuffer(gl.READ_FRAMEBUFFER, t.framebuffer);
  // RGBA/FLOAT is the pair every float framebuffer must support, and our layout.
  const bytes = width * height * 4 * 4;
  const buffer = gl.createBuffer();
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
  gl.bufferData(gl.PIXEL_PACK_BUFFER, bytes, gl.STREAM_READ);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.FLOAT, 0);
  gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
  gl.bindFramebuffer(gl.READ_FRAMEBUFFER, null);
  const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  gl.flush();
  try {
    if (fence) await waitForFence(gl, fence);
    const packed = new Float32Array(width * height * 4);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
    gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, packed);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
    // Elements are stored consecutively, four per texel: the prefix is the buffer.
    return packed.slice(0, size);
  } finally {
    if (fence) gl.deleteSync(fence);
    gl.deleteBuffer(buffer);
  }
}

async function waitForFence(gl: WebGL2RenderingContext, fence: WebGLSync): Promise<void> {
  for (;;) {
    if (gl.isContextLost()) throw new BackendError(CONTEXT_LOST);
    const status = gl.clientWaitSync(fence, 0, 0);
    if (status === gl.ALREADY_SIGNALED || status === gl.CONDITION_SATISFIED) return;
    if (status === gl.WAIT_FAILED) throw new BackendError('webgl2: waiting for a read-back fence failed');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

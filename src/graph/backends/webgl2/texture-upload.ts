/** Writes a flat float buffer into a pooled texture (its layout: four elements per texel, rows of `width`). */
import type { GpuTexture } from './texture-pool.js';

export function writeTexture(gl: WebGL2RenderingContext, t: GpuTexture, data: ArrayLike<number>): void {
  const { width, height } = t.layout;
  // texSubImage2D reads whole rows: the last row's tail must exist, as zeros.
  const texels = width * height * 4;
  let padded: Float32Array;
  if (data instanceof Float32Array && data.length === texels) padded = data;
  else {
    padded = new Float32Array(texels);
    padded.set(data);
  }
  gl.bindTexture(gl.TEXTURE_2D, t.texture);
  gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, width, height, gl.RGBA, gl.FLOAT, padded);
  gl.bindTexture(gl.TEXTURE_2D, null);
}

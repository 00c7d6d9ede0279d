/**
 * RGBA32F textures recycled by dimensions.
 *
 * A training step allocates the same few dozen buffer shapes over and over; creating
 * and deleting GL textures each time costs driver work and fragments memory, so
 * released textures wait in a free list keyed by width x height. Each texture keeps
 * its own framebuffer, so rendering to it, clearing it or reading it back never
 * re-attaches (re-validating a framebuffer is expensive in Chromium).
 */
import type { TextureLayout } from './texture-layout.js';

export interface GpuTexture {
  readonly texture: WebGLTexture;
  readonly framebuffer: WebGLFramebuffer;
  readonly layout: TextureLayout;
}

export class TexturePool {
  private readonly free = new Map<string, GpuTexture[]>();
  private inUse = 0;
  private created = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {}

  acquire(layout: TextureLayout): GpuTexture {
    this.inUse++;
    const reusable = this.free.get(keyOf(layout))?.pop();
    return reusable ?? this.create(layout);
  }

  release(t: GpuTexture): void {
    this.inUse--;
    const key = keyOf(t.layout);
    const list = this.free.get(key);
    if (list) list.push(t);
    else this.free.set(key, [t]);
  }

  /** Textures handed out and not yet released. */
  liveCount(): number {
    return this.inUse;
  }

  /** Textures ever created: flat once a training loop reaches steady state. */
  createdCount(): number {
    return this.created;
  }

  /** Deletes the idle textures; live ones stay with their owners. */
  trim(): void {
    for (const list of this.free.values()) for (const t of list) this.destroy(t);
    this.free.clear();
  }

  private create(layout: TextureLayout): GpuTexture {
    const gl = this.gl;
    const texture = gl.createTexture();
    const framebuffer = gl.createFramebuffer();
    if (!texture || !framebuffer) throw new Error('WebGL2: out of texture memory (or context lost)');
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, layout.width, layout.height);
    // texelFetch ignores filtering, but an incomplete (mipmapped) texture would read 0.
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.bindTexture(gl.TEXTURE_2D, null);
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.created++;
    return { texture, framebuffer, layout };
  }

  private destroy(t: GpuTexture): void {
    this.gl.deleteFramebuffer(t.framebuffer);
    this.gl.deleteTexture(t.texture);
  }
}

function keyOf(layout: TextureLayout): string {
  return `${layout.width}x${layout.height}`;
}

/**
 * The handle kernels return: a buffer size plus the texture currently holding it.
 *
 * In-place updates (optimizer steps, gradient accumulation) cannot read and write
 * one texture in a single draw, so they render into a fresh texture and swap it in
 * behind this stable handle ("ping-pong"); callers never see the exchange.
 */
import { BackendError, type Storage } from '../../backend.js';
import type { GpuTexture } from './texture-pool.js';

export class GpuStorage implements Storage {
  constructor(
    readonly size: number,
    /** Null once disposed. */
    public texture: GpuTexture | null,
    /** The backend that made it, so handles from another backend are rejected. */
    readonly owner: object,
  ) {}
}

export function textureOf(s: Storage, owner: object): GpuTexture {
  if (!(s instanceof GpuStorage) || s.owner !== owner) {
    throw new BackendError('webgl2: storage does not belong to this backend');
  }
  if (!s.texture) throw new BackendError('webgl2: storage used after dispose');
  return s.texture;
}

/**
 * A float32 tensor living in a texture (flat, row-major, four elements per texel:
 * texture-layout.ts). Reshape-like ops make views, new dims over the same texture,
 * so the texture is reference-counted and returns to the pool with its last view.
 *
 * A tensor whose values are known on the host (an initializer, a graph input, a
 * result computed on the CPU) keeps them as `source` and uploads its texture only
 * when a GPU kernel first reads it: a float constant that only feeds shape
 * arithmetic never reaches the GPU, and kernels can read such values without a
 * read-back.
 */
import { elementCount, type HostTensor } from '../../../host-tensor.js';
import type { GpuTexture } from '../texture-pool.js';

/** The texture behind one or more views, created on first use when it comes from host data. */
export class SharedTexture {
  private refs = 1;
  /** Rearranged copies kernels made of this data (packed weights), freed with it. */
  private readonly derived = new Map<string, GpuTensor>();

  constructor(
    private texture: GpuTexture | null,
    /** Makes the texture of a host-born tensor (uploads its source). */
    private readonly make: (() => GpuTexture) | null,
    /** Returns the texture to its pool when the last view goes. */
    private readonly release: (t: GpuTexture) => void,
  ) {}

  get(): GpuTexture {
    if (this.refs === 0) throw new Error('webgl2: tensor used after dispose');
    this.texture ??= this.make!();
    return this.texture;
  }

  retain(): void {
    if (this.refs === 0) throw new Error('webgl2: tensor used after dispose');
    this.refs++;
  }

  drop(): void {
    if (this.refs === 0) throw new Error('webgl2: texture disposed twice');
    if (--this.refs > 0) return;
    for (const t of this.derived.values()) t.dispose();
    this.derived.clear();
    if (this.texture) this.release(this.texture);
    this.texture = null;
  }

  /**
   * The copy `key` of this data, made once by `make`: constants (weights) live as
   * long as the executor, so their rearranged forms are made on the first run only.
   */
  derive(key: string, make: () => GpuTensor): GpuTensor {
    let t = this.derived.get(key);
    if (!t) {
      t = make();
      this.derived.set(key, t);
    }
    return t;
  }
}

export class GpuTensor {
  readonly type = 'float32' as const;
  readonly size: number;
  private disposed = false;

  constructor(
    readonly dims: readonly number[],
    readonly storage: SharedTexture,
    /** The values on the host, when known without a read-back (same element order). */
    readonly source: Float32Array | null = null,
  ) {
    this.size = elementCount(dims);
  }

  get texture(): GpuTexture {
    if (this.disposed) throw new Error('webgl2: tensor used after dispose');
    return this.storage.get();
  }

  /** The host tensor, when its values are known without a read-back. */
  get known(): HostTensor | null {
    return this.source && { type: 'float32', dims: this.dims, data: this.source };
  }

  /** The same elements under other dims (same count), sharing the texture. */
  view(dims: readonly number[]): GpuTensor {
    if (elementCount(dims) !== this.size) throw new Error(`webgl2: a view of [${this.dims}] cannot have dims [${dims}]`);
    if (this.disposed) throw new Error('webgl2: tensor used after dispose');
    this.storage.retain();
    return new GpuTensor([...dims], this.storage, this.source);
  }

  /** Idempotent, like a HostTensor going out of scope. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.storage.drop();
  }
}

export type Webgl2Value = HostTensor | GpuTensor;

export function isGpuTensor(v: unknown): v is GpuTensor {
  return v instanceof GpuTensor;
}

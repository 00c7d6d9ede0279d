/**
 * A tensor is a shape plus a backend-owned flat buffer. Data stays on its device
 * (possibly a GPU) until `data()` reads it back; `dataSync()` exists only where the
 * backend can read synchronously.
 */
import type { Backend, HostArray, Storage } from './backend.js';
import { formatShape } from './format-shape.js';
import { currentScope } from './scope.js';

/** How an op's output knows its inputs and its gradient (recorded by autograd.ts). */
export interface GradNode {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  backward(dy: Storage): (Storage | null)[];
}

export class Tensor {
  /** Gradient of the last `backward()` w.r.t. this tensor (leaves with requiresGrad). */
  grad: Tensor | null = null;
  /** The op that produced this tensor, when gradients are being recorded. */
  node: GradNode | null = null;
  private disposed = false;

  constructor(
    readonly backend: Backend,
    readonly shape: readonly number[],
    readonly storage: Storage,
    public requiresGrad = false,
    /** A view (e.g. reshape) shares its base's storage and never frees it. */
    readonly base: Tensor | null = null,
  ) {
    const size = shapeSize(shape);
    if (size !== storage.size)
      throw new Error(`tensor: shape ${formatShape(shape)} holds ${size} elements, storage has ${storage.size}`);
    currentScope()?.track(this);
  }

  get size(): number {
    return this.storage.size;
  }

  get isDisposed(): boolean {
    return this.disposed || (this.base?.isDisposed ?? false);
  }

  async data(): Promise<HostArray> {
    this.assertAlive('data');
    return this.backend.read(this.storage);
  }

  dataSync(): HostArray {
    this.assertAlive('dataSync');
    if (!this.backend.readSync)
      throw new Error(`dataSync: backend ${this.backend.name} reads asynchronously; use await tensor.data()`);
    return this.backend.readSync(this.storage);
  }

  /** Frees the storage (views free nothing). Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.base) this.backend.dispose(this.storage);
    if (this.grad) {
      this.grad.dispose();
      this.grad = null;
    }
    this.node = null;
  }

  assertAlive(op: string): void {
    if (this.isDisposed) throw new Error(`${op}: tensor ${formatShape(this.shape)} was disposed`);
  }

  toString(): string {
    return `Tensor${formatShape(this.shape)}@${this.backend.name}`;
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`tensor: invalid dimension ${d} in ${formatShape(shape)}`);
    n *= d;
  }
  return n;
}

export function tensorFrom(
  backend: Backend,
  shape: readonly number[],
  data: ArrayLike<number>,
  requiresGrad = false,
): Tensor {
  if (data.length !== shapeSize(shape))
    throw new Error(`tensor: ${data.length} values do not fill shape ${formatShape(shape)}`);
  return new Tensor(backend, shape, backend.upload(data), requiresGrad);
}

export function zeros(backend: Backend, shape: readonly number[], requiresGrad = false): Tensor {
  return new Tensor(backend, shape, backend.zeros(shapeSize(shape)), requiresGrad);
}

/**
 * The contract every device implements (reference CPU, fast CPU, WebGL2).
 *
 * Kernels are synchronous and return opaque storage handles, so a GPU backend can
 * enqueue work and return at once; only `read` is asynchronous (a GPU reads back
 * through a fence). Shapes travel as explicit arguments: storage is a flat buffer.
 * Op definitions (src/graph/ops) only ever call this interface.
 */

export type DType = 'float32' | 'float64';
export type HostArray = Float32Array | Float64Array;

/** A backend-owned flat buffer of `size` elements. */
export interface Storage {
  readonly size: number;
}

export interface Conv2dGeometry {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  /** Padding at top, left, bottom, right (ONNX `pads` order is t,l,b,r). */
  padTop: number;
  padLeft: number;
  padBottom: number;
  padRight: number;
  outHeight: number;
  outWidth: number;
}

export interface Pool2dGeometry {
  batch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  outHeight: number;
  outWidth: number;
}

/** C = alpha * op(A) · op(B) + beta * bias-broadcast. op(A) is [m,k], op(B) is [k,n]. */
export interface GemmGeometry {
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
  alpha: number;
  /** Scale for the bias, which is broadcast along rows ([n]) when given. */
  beta: number;
}

export type UnaryOp = 'sigmoid' | 'relu';

export interface SgdOptions {
  lr: number;
  momentum: number;
  weightDecay: number;
  nesterov: boolean;
  dampening: number;
}

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** AdamW-style decoupled decay when true, L2 added to the gradient otherwise. */
  decoupled: boolean;
  /** 1-based step count, for bias correction. */
  step: number;
}

/**
 * One step of a compiled inference pass, with per-image geometry (batch 1). Flatten is
 * no step: activations are contiguous per image.
 */
export type ForwardStep =
  | { kind: 'conv2d'; g: Conv2dGeometry; weight: Storage; bias: Storage | null; activation: UnaryOp | null }
  | { kind: 'maxPool2d'; g: Pool2dGeometry }
  | { kind: 'linear'; inFeatures: number; outFeatures: number; weight: Storage; bias: Storage | null; activation: UnaryOp | null }
  | { kind: 'activation'; activation: UnaryOp; size: number }
  | { kind: 'softmax'; classes: number };

/**
 * A forward pass compiled for inference: weights packed once (a snapshot: later
 * changes to the parameters are not seen), buffers reserved, no gradient bookkeeping.
 */
export interface ForwardPlan {
  /** Values per image in and out. */
  readonly inputSize: number;
  readonly outputSize: number;
  /** Runs `batch` images (batch·inputSize values); returns batch·outputSize values in a fresh array. */
  run(input: Float32Array, batch: number): Float32Array;
  /** Frees the packed weights and buffers. Safe to call twice. */
  dispose(): void;
}

export interface Backend {
  readonly name: string;
  readonly dtype: DType;
  /**
   * How the backend rounds, where it can differ within one backend (the CPU backend's
   * fused multiply-add depends on the WebAssembly build): runs with the same name and
   * arithmetic train to the same bits.
   */
  readonly arithmetic?: string;

  // --- memory ---
  upload(data: ArrayLike<number>): Storage;
  zeros(size: number): Storage;
  /** Asynchronous read-back: the only synchronisation point with a GPU. */
  read(s: Storage): Promise<HostArray>;
  /** Synchronous read-back where the device allows it (CPU); undefined on a GPU. */
  readSync?(s: Storage): HostArray;
  dispose(s: Storage): void;
  /** Live storage count, for leak tests. */
  liveCount(): number;

  // --- forward / backward kernels ---
  /**
   * y = activation(conv(x, w) + b); x [N,C,H,W], w [O,C,kh,kw], b [O] or null. With an
   * activation, backends fuse it into the pass over the output where they can (else
   * `applyActivation`); its gradient is unaryBackward from y, then the conv gradients.
   */
  conv2d(x: Storage, w: Storage, b: Storage | null, g: Conv2dGeometry, activation?: UnaryOp | null): Storage;
  /**
   * activation(maxPool(conv(x, w) + b)) without materialising the convolution's output:
   * pooling first is exact, as max commutes with adding b and with a non-decreasing
   * activation. `argmax` indexes the convolution's output planes (as maxPool2d's).
   * Optional: where a backend lacks it, ops/conv2d-maxpool.ts composes the three ops.
   */
  conv2dMaxPool?(x: Storage, w: Storage, b: Storage | null, g: Conv2dGeometry, pool: Pool2dGeometry, activation: UnaryOp | null):
    { y: Storage; argmax: Storage };
  /** dL/dx from dL/dy and w. */
  conv2dBackwardInput(dy: Storage, w: Storage, g: Conv2dGeometry): Storage;
  /** dL/dw from dL/dy and x. */
  conv2dBackwardWeight(dy: Storage, x: Storage, g: Conv2dGeometry): Storage;
  /** dL/db: sum of dy over N, H, W → [O]. */
  conv2dBackwardBias(dy: Storage, g: Conv2dGeometry): Storage;

  /** Max pooling; `argmax` holds, per output, the flat input index within its (n,c) plane. */
  maxPool2d(x: Storage, g: Pool2dGeometry): { y: Storage; argmax: Storage };
  maxPool2dBackward(dy: Storage, argmax: Storage, g: Pool2dGeometry): Storage;

  unary(op: UnaryOp, x: Storage): Storage;
  /** dL/dx given dL/dy and the forward output y (both ops' derivatives are functions of y). */
  unaryBackward(op: UnaryOp, y: Storage, dy: Storage): Storage;

  /** activation(alpha·op(A)·op(B) + beta·bias), the activation optional as in conv2d. */
  gemm(a: Storage, b: Storage, bias: Storage | null, g: GemmGeometry, activation?: UnaryOp | null): Storage;
  /** Sum over rows of a [rows, cols] matrix → [cols] (bias gradients). */
  sumRows(x: Storage, rows: number, cols: number): Storage;

  /** Mean softmax cross-entropy; labels are class indices stored as numbers. */
  softmaxCrossEntropy(
    logits: Storage,
    labels: Storage,
    batch: number,
    classes: number,
  ): { loss: Storage; probs: Storage };
  /** dL/dlogits = scale * (probs - onehot(labels)) / batch, scale being dL/dloss. */
  softmaxCrossEntropyBackward(
    probs: Storage,
    labels: Storage,
    dloss: Storage,
    batch: number,
    classes: number,
  ): Storage;
  /** Row-wise softmax of a [rows, cols] matrix. */
  softmax(x: Storage, rows: number, cols: number): Storage;

  // --- element-wise helpers ---
  add(a: Storage, b: Storage): Storage;
  /** a += b, in place (gradient accumulation). */
  addInPlace(a: Storage, b: Storage): void;
  scale(a: Storage, s: number): Storage;
  /** A copy: reshape shares storage, but parameters need their own buffers. */
  copy(a: Storage): Storage;
  fill(a: Storage, value: number): void;

  /** A compiled inference pass, or null where the backend has none (callers then run the ops). */
  compileForward?(steps: readonly ForwardStep[], inputSize: number): ForwardPlan | null;

  // --- optimizer updates, in place ---
  sgdStep(param: Storage, grad: Storage, velocity: Storage, o: SgdOptions): void;
  adamStep(param: Storage, grad: Storage, m: Storage, v: Storage, o: AdamOptions): void;
}

/** `activation(y)` for a backend without a fused kernel: its own unary pass, y freed. */
export function applyActivation(
  y: Storage,
  activation: UnaryOp | null | undefined,
  unary: (op: UnaryOp, x: Storage) => Storage,
  dispose: (s: Storage) => void,
): Storage {
  if (!activation) return y;
  const out = unary(activation, y);
  dispose(y);
  return out;
}

export class BackendError extends Error {
  override name = 'BackendError';
}

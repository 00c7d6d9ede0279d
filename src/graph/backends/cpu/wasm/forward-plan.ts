/**
 * Forward plans on the WebAssembly kernels: a layer chain compiled once for inference
 * (weights packed, tap tables built, buffers reserved), then run as ONE kernel call per
 * batch (assembly/cpu-kernels/forward-plan.ts). No tensors, tape, argument checks,
 * allocations or per-layer thread hand-offs at run time: for one image the call costs
 * little more than its arithmetic. Small batches stay on the calling thread.
 *
 * A convolution followed by max pooling pools the bare sums and adds bias and
 * activation afterwards (4× fewer sigmoids; equal up to the sigmoid's last ulp). With
 * the relaxed-SIMD build the plan uses fused multiply-add. Each image's result is the
 * same whatever the batch or the thread count.
 */
import { BackendError, type ForwardPlan, type ForwardStep, type UnaryOp } from '../../../backend.js';
import { softmaxRows } from '../host-ops.js';
import type { Block, WasmHeap } from '../memory/heap.js';
import type { CpuStorage } from '../memory/storage.js';
import type { ThreadPool } from '../workers/thread-pool.js';
import type { WasmDevice } from './device.js';
import { convPanelRows, isMatrixProduct } from './conv2d.js';
import { EPI_COL_BIAS, EPI_ROW_BIAS, activationFlag, type KernelExports } from './exports.js';

// Mirrors assembly/cpu-kernels/forward-plan.ts.
const HEADER = 8;
const RECORD = 32;
const OP_CONV = 1;
const OP_CONV_POOL = 2;
const OP_POOL = 3;
const OP_DENSE = 4;
const OP_ACTIVATION = 5;
const DENSE_NR = 8;

/** Images per claimed chunk at most (the per-thread buffers hold this many). */
const MAX_CHUNK = 8;
/** Below this many multiply-adds a batch runs on the calling thread: waking a worker costs more. */
const PARALLEL_MIN_MACS = 1_500_000;

interface Compiled {
  words: number[];
  inputSize: number;
  outputSize: number;
  bufferFloats: number;
  convScratchFloats: number;
  convOutFloats: number;
  macs: number;
  softmaxClasses: number | null;
}

export class WasmForwardPlan implements ForwardPlan {
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly heap: WasmHeap;
  private readonly k: KernelExports;
  private readonly blocks: Block[] = [];
  private readonly plan: Block;
  private readonly scratch: Block;
  private readonly scratchStride: number;
  private readonly macsPerImage: number;
  private readonly softmaxClasses: number | null;
  /** Fused multiply-add (the relaxed-SIMD build). */
  private readonly fused: boolean;
  private io: { input: Block; output: Block; batch: number } | null = null;
  private view: Float32Array | null = null;
  private disposed = false;

  constructor(
    device: WasmDevice,
    private readonly pool: ThreadPool,
    steps: readonly ForwardStep[],
    inputSize: number,
  ) {
    this.heap = device.heap;
    this.k = device.kernels;
    const compiled = this.compile(steps, inputSize, device.relaxed);
    this.inputSize = compiled.inputSize;
    this.outputSize = compiled.outputSize;
    this.macsPerImage = compiled.macs;
    this.softmaxClasses = compiled.softmaxClasses;
    const header = [compiled.words.length / RECORD, compiled.bufferFloats, compiled.convScratchFloats, compiled.inputSize, compiled.outputSize, 0, 0, 0];
    this.plan = this.block(HEADER + compiled.words.length);
    new Int32Array(device.memory.buffer, this.plan.ptr, HEADER + compiled.words.length).set([...header, ...compiled.words]);
    const bytes = (floats: number) => Math.ceil((floats * 4 + 64) / 64) * 64;
    this.scratchStride = 2 * bytes(MAX_CHUNK * compiled.bufferFloats) + bytes(compiled.convScratchFloats) + bytes(compiled.convOutFloats) + 64;
    this.scratch = this.block((this.scratchStride * pool.threads) / 4);
    this.fused = device.relaxed;
  }

  run(input: Float32Array, batch: number): Float32Array {
    if (this.disposed) throw new BackendError('forward plan: used after dispose');
    if (!Number.isInteger(batch) || batch < 0 || input.length !== batch * this.inputSize)
      throw new BackendError(`forward plan: ${input.length} values for a batch of ${batch} images of ${this.inputSize} values`);
    if (batch === 0) return new Float32Array(0);
    const io = this.buffers(batch);
    const heapF32 = this.heapView();
    heapF32.set(input, io.input.ptr >> 2);
    const nt = this.pool.threads;
    const parallel = nt > 1 && batch > 1 && batch * this.macsPerImage >= PARALLEL_MIN_MACS;
    const chunk = parallel ? Math.min(MAX_CHUNK, Math.max(1, Math.ceil(batch / (4 * nt)))) : Math.min(MAX_CHUNK, batch);
    this.pool.run('runPlan', [chunk, this.plan.ptr, batch, io.input.ptr, io.output.ptr, this.scratch.ptr, this.scratchStride,
      this.fused ? 1 : 0], parallel);
    const start = io.output.ptr >> 2;
    const out = this.heapView().slice(start, start + batch * this.outputSize);
    if (this.softmaxClasses !== null) softmaxRows(out, out, batch, this.softmaxClasses);
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of this.blocks) this.heap.free(b);
    if (this.io) {
      this.heap.free(this.io.input);
      this.heap.free(this.io.output);
    }
  }

  /** A view of the whole heap, made again only when the memory has grown (no garbage per call). */
  private heapView(): Float32Array {
    const buffer = this.heap.memory.buffer;
    if (this.view?.buffer !== buffer) this.view = new Float32Array(buffer);
    return this.view;
  }

  private buffers(batch: number): { input: Block; output: Block; batch: number } {
    if (this.io && this.io.batch >= batch) return this.io;
    if (this.io) {
      this.heap.free(this.io.input);
      this.heap.free(this.io.output);
    }
    this.io = { input: this.heap.alloc(batch * this.inputSize + 64), output: this.heap.alloc(batch * this.outputSize + 64), batch };
    return this.io;
  }

  private block(floats: number): Block {
    const b = this.heap.alloc(floats);
    this.blocks.push(b);
    return b;
  }

  /** A zero-padded copy of a bias (or zeros) in a block of its own: vector reads may pass its end. */
  private biasCopy(s: CpuStorage | null, floats: number): number {
    const b = this.block(floats + 8);
    const view = this.heap.view(b, floats + 8);
    view.fill(0);
    if (s) view.set(s.data.subarray(0, floats));
    return b.ptr;
  }

  /** A dense record: weight [n × k] packed into 8-column panels of its transpose. */
  private dense(push: (fields: number[]) => void, weight: CpuStorage, bias: CpuStorage | null, k: number, n: number, act: UnaryOp | null): void {
    const bpack = this.block(Math.ceil(n / DENSE_NR) * DENSE_NR * k + 4).ptr;
    this.k.packB(bpack, weight.ptr, k, 1, 0, n, 0, k, DENSE_NR);
    push([OP_DENSE, k, n, bpack, this.biasCopy(bias, n), (bias ? EPI_COL_BIAS : 0) | activationFlag(act)]);
  }

  private compile(steps: readonly ForwardStep[], inputSize: number, fused: boolean): Compiled {
    const words: number[] = [];
    let size = inputSize;
    let bufferFloats = 4, convScratchFloats = 4, convOutFloats = 4, macs = 0;
    let softmaxClasses: number | null = null;
    const push = (fields: number[]) => {
      const rec = new Array<number>(RECORD).fill(0);
      fields.forEach((v, i) => (rec[i] = v));
      words.push(...rec);
    };
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (softmaxClasses !== null) throw new BackendError('forward plan: softmax must be the last step');
      switch (step.kind) {
        case 'conv2d': {
          const g = step.g;
          const taps = g.inChannels * g.kernelHeight * g.kernelWidth;
          if (size !== g.inChannels * g.inHeight * g.inWidth) throw new BackendError(`forward plan: conv2d step ${i} expects ${g.inChannels * g.inHeight * g.inWidth} values per image, gets ${size}`);
          if (isMatrixProduct(g)) {
            // Its weight [O, C·kh·kw] is a dense layer's over the image [C·H·W] (LeNet's conv3).
            this.dense(push, step.weight as CpuStorage, step.bias as CpuStorage | null, taps, g.outChannels, step.activation);
            macs += taps * g.outChannels;
            size = g.outChannels;
            break;
          }
          const mr = convPanelRows(g.outChannels, fused);
          const panels = Math.ceil(g.outChannels / mr);
          const apack = this.block(panels * mr * taps + 4).ptr;
          this.k.packA(apack, (step.weight as CpuStorage).ptr, taps, 0, 0, g.outChannels, 0, taps, mr);
          const boff = this.block(taps + 4).ptr;
          const stride1 = g.strideHeight === 1 && g.strideWidth === 1;
          if (stride1) this.k.shiftedOffsets(boff, g.inChannels, g.inHeight + g.padTop + g.padBottom, g.kernelHeight, g.kernelWidth, g.outWidth);
          else this.k.strideOffsets(boff, taps, g.outHeight * g.outWidth * 4);
          const bias = this.biasCopy(step.bias as CpuStorage | null, g.outChannels);
          const flags = (step.bias ? EPI_ROW_BIAS : 0) | activationFlag(step.activation);
          const conv = [g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth, g.strideHeight, g.strideWidth,
            g.padTop, g.padLeft, g.padBottom, g.padRight, g.outHeight, g.outWidth, apack, boff, bias, mr, flags];
          convScratchFloats = Math.max(convScratchFloats, this.k.convImageScratch(g.inChannels, g.inHeight, g.inWidth, g.kernelHeight,
            g.kernelWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft, g.padBottom, g.padRight, g.outHeight, g.outWidth));
          macs += g.outChannels * taps * g.outHeight * g.outWidth;
          const next = steps[i + 1];
          const convOut = g.outChannels * g.outHeight * g.outWidth;
          if (next?.kind === 'maxPool2d' && next.g.channels === g.outChannels && next.g.inHeight === g.outHeight && next.g.inWidth === g.outWidth) {
            const p = next.g;
            push([OP_CONV_POOL, ...conv, p.kernelHeight, p.kernelWidth, p.strideHeight, p.strideWidth, p.padTop, p.padLeft, p.outHeight, p.outWidth]);
            convOutFloats = Math.max(convOutFloats, convOut);
            size = p.channels * p.outHeight * p.outWidth;
            i++;
          } else {
            push([OP_CONV, ...conv]);
            size = convOut;
          }
          break;
        }
        case 'maxPool2d': {
          const p = step.g;
          if (size !== p.channels * p.inHeight * p.inWidth) throw new BackendError(`forward plan: maxPool2d step ${i} expects ${p.channels * p.inHeight * p.inWidth} values per image, gets ${size}`);
          push([OP_POOL, p.channels, p.inHeight, p.inWidth, p.kernelHeight, p.kernelWidth, p.strideHeight, p.strideWidth, p.padTop, p.padLeft,
            p.outHeight, p.outWidth, 0, 0]);
          size = p.channels * p.outHeight * p.outWidth;
          break;
        }
        case 'linear': {
          const { inFeatures: kIn, outFeatures: n } = step;
          if (size !== kIn) throw new BackendError(`forward plan: linear step ${i} expects ${kIn} values per image, gets ${size}`);
          this.dense(push, step.weight as CpuStorage, step.bias as CpuStorage | null, kIn, n, step.activation);
          macs += kIn * n;
          size = n;
          break;
        }
        case 'activation':
          if (size !== step.size) throw new BackendError(`forward plan: activation step ${i} expects ${step.size} values per image, gets ${size}`);
          push([OP_ACTIVATION, size, activationFlag(step.activation as UnaryOp)]);
          break;
        case 'softmax':
          if (size !== step.classes) throw new BackendError(`forward plan: softmax step ${i} expects ${step.classes} values per image, gets ${size}`);
          softmaxClasses = step.classes;
          break;
      }
      bufferFloats = Math.max(bufferFloats, size);
    }
    if (words.length === 0) throw new BackendError('forward plan: no conv2d, linear, pooling or activation step to run');
    return { words, inputSize, outputSize: size, bufferFloats, convScratchFloats, convOutFloats, macs, softmaxClasses };
  }
}

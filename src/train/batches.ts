/**
 * Turns uint8 NCHW images into float32 training batches: ToTensor (x/255, a true
 * float32 division as PyTorch does), optional per-channel normalisation, and the
 * optional augmentation (random crop with 4-pixel zero padding, horizontal flip).
 * Order and augmentation are pure functions of (seed, epoch, step), so a run resumed
 * at any step sees exactly the batches an uninterrupted run would.
 */
import { IMAGE_BYTES, IMAGE_SIZE } from '../image/input-size.js';
import { Random } from '../graph/random.js';
import type { ImageSplit } from './data/dataset.js';

export interface Normalization {
  mean: [number, number, number];
  std: [number, number, number];
}

export interface BatchOptions {
  batchSize: number;
  seed: number;
  shuffle: boolean;
  augment: boolean;
  normalization: Normalization | null;
  /** Keep the last, smaller batch (evaluation) or drop it (training, like drop_last). */
  dropLast: boolean;
}

/** float32(i)/255 for every byte value; computing in double then rounding is exact for division. */
const TO_UNIT = Float32Array.from({ length: 256 }, (_, i) => Math.fround(i / 255));

export function stepsPerEpoch(count: number, o: Pick<BatchOptions, 'batchSize' | 'dropLast'>): number {
  return o.dropLast ? Math.floor(count / o.batchSize) : Math.ceil(count / o.batchSize);
}

/** The sample order of one epoch. */
export function epochOrder(count: number, seed: number, epoch: number, shuffle: boolean): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  if (shuffle) new Random(mix(seed, epoch, 0x5eed)).shuffle(order);
  return order;
}

export class BatchAssembler {
  readonly input: Float32Array;
  readonly labels: Float32Array;
  private readonly lut: Float32Array[];

  constructor(private readonly o: BatchOptions) {
    this.input = new Float32Array(o.batchSize * IMAGE_BYTES);
    this.labels = new Float32Array(o.batchSize);
    this.lut = [0, 1, 2].map((c) =>
      o.normalization
        ? TO_UNIT.map((v) => Math.fround((v - o.normalization!.mean[c]!) / o.normalization!.std[c]!))
        : TO_UNIT,
    );
  }

  /**
   * Fills `input`/`labels` with batch `step` of `epoch` and returns its size; the
   * arrays are reused, so read them before the next call.
   */
  fill(split: ImageSplit, order: Uint32Array, epoch: number, step: number): number {
    const start = step * this.o.batchSize;
    const n = Math.min(this.o.batchSize, split.count - start);
    const rng = this.o.augment ? new Random(mix(this.o.seed, epoch, step + 1)) : null;
    for (let b = 0; b < n; b++) {
      const index = order[start + b]!;
      this.labels[b] = split.labels[index]!;
      const src = index * IMAGE_BYTES;
      const dst = b * IMAGE_BYTES;
      if (rng) this.copyAugmented(split.images, src, dst, rng.int(9) - 4, rng.int(9) - 4, rng.next() < 0.5);
      else this.copyPlain(split.images, src, dst);
    }
    return n;
  }

  private copyPlain(images: Uint8Array, src: number, dst: number): void {
    const plane = IMAGE_SIZE * IMAGE_SIZE;
    for (let c = 0; c < 3; c++) {
      const lut = this.lut[c]!;
      for (let i = 0; i < plane; i++) this.input[dst + c * plane + i] = lut[images[src + c * plane + i]!]!;
    }
  }

  /** Shifted copy (zero padding outside, as RandomCrop(32, padding=4)), optionally mirrored. */
  private copyAugmented(images: Uint8Array, src: number, dst: number, dy: number, dx: number, flip: boolean): void {
    const S = IMAGE_SIZE;
    for (let c = 0; c < 3; c++) {
      const lut = this.lut[c]!;
      const zero = lut[0]!;
      for (let y = 0; y < S; y++) {
        const sy = y + dy;
        for (let x = 0; x < S; x++) {
          const cx = flip ? S - 1 - x : x;
          const sx = cx + dx;
          const inside = sy >= 0 && sy < S && sx >= 0 && sx < S;
          this.input[dst + (c * S + y) * S + x] = inside ? lut[images[src + (c * S + sy) * S + sx]!]! : zero;
        }
      }
    }
  }
}

/** Deterministic 32-bit mix of a few integers, for per-(epoch, step) seeds. */
export function mix(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h;
}

/**
 * A mutator turns one valid input into a hostile one. Generic mutators know nothing of
 * the format; each reader adds its own, among them at least one that lies in a length
 * or size field so the reader's "check before allocating" is exercised directly.
 */
import type { Random } from '../../../src/graph/random.js';

export interface Mutator {
  /** Short label shown in reports and replay lines. */
  name: string;
  /** True for the mutators that lie about a declared length, size or count. */
  liesAboutLength?: boolean;
  apply(input: Uint8Array, rng: Random): Uint8Array;
}

/** Integers that break size arithmetic: zero, off-by-one, sign and width boundaries. */
export function lyingSize(rng: Random, honest: number, room: number): number {
  const choices = [
    0, 1, honest - 1, honest + 1, honest * 2, room, room + 1, room * 16,
    2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32 + honest, 2 ** 40, Number.MAX_SAFE_INTEGER,
  ];
  return Math.max(0, choices[rng.int(choices.length)]!);
}

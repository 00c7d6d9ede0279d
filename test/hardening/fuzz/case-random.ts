/**
 * Every fuzz case draws from its own generator, a pure function of (seed, reader,
 * case index): any single case replays alone, whatever ran before it.
 */
import { Random } from '../../../src/graph/random.js';

export function caseRandom(seed: number, reader: string, index: number): Random {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of `${reader}#${index}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193) >>> 0; // FNV-1a
  return new Random(hash);
}

export function pick<T>(rng: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick: no items');
  return items[rng.int(items.length)]!;
}

/** A count in [1, max], small counts more likely (most bugs need one or two changes). */
export function smallCount(rng: Random, max: number): number {
  return 1 + Math.floor(max * rng.next() ** 3);
}

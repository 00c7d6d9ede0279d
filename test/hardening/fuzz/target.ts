/** One reader under fuzz: its seed inputs, its own mutators, and how the tool reads a file. */
import type { Mutator } from './mutator.js';
import type { Verdict } from './verdict.js';

export const READERS = ['onnx', 'safetensors', 'cifar-bin', 'tar', 'image', 'checkpoint', 'cache'] as const;
export type ReaderName = (typeof READERS)[number];

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/** `corpus` keeps side files for the whole run; `scratch` is emptied before every case. */
export interface SandboxDirs {
  corpus: string;
  scratch: string;
}

export interface FuzzTarget {
  reader: ReaderName;
  /** Valid inputs made by our own writers and taken from the fixtures; each must read back valid. */
  buildCorpus(dirs: SandboxDirs): Promise<Seed[]>;
  /** Format-aware mutators; at least one has `liesAboutLength`. */
  mutators: readonly Mutator[];
  /**
   * Read `bytes` as the tool does (files go under `scratch`, emptied between cases).
   * Resolve with a verdict (valid, or a broken invariant); a thrown error is judged by
   * the caller against `names`, the strings a good message mentions.
   */
  read(bytes: Uint8Array, seed: Seed, scratch: string): Promise<Verdict>;
  /** Strings an error message should contain to name the input (its file name). */
  names: readonly string[];
}

/**
 * TfIdfVectorizer over int32/int64 tokens: counts the pool's n-grams (sizes
 * min_gram_length..max_gram_length, items up to max_skip_count apart; unigrams once)
 * per row, then weighs them by mode TF, IDF or TFIDF. Output float32 [C'] or [B, C'],
 * C' = max(ngram_indexes) + 1.
 */
import type { Kernel } from '../kernel.js';
import { readInts, tensorOf } from './tensor-values.js';

export const tfIdfVectorizer: Kernel = ([x], ctx) => {
  if (!x) return ctx.fail('input is required');
  const { attrs } = ctx;
  const minN = attrs.required('min_gram_length', 'int');
  const maxN = attrs.required('max_gram_length', 'int');
  const maxSkip = attrs.required('max_skip_count', 'int');
  const mode = attrs.required('mode', 'string');
  const counts = attrs.required('ngram_counts', 'ints');
  const indexes = attrs.required('ngram_indexes', 'ints');
  const pool = attrs.ints('pool_int64s') ?? ctx.fail('only pool_int64s is supported (string tensors are not carried)');
  const weights = attrs.floats('weights', []);
  // n-gram (size, items) → output column, for the sizes that are counted.
  const column = new Map<string, number>();
  let id = 0;
  counts.forEach((start, k) => {
    const size = k + 1;
    const end = k + 1 < counts.length ? counts[k + 1]! : pool.length;
    for (let at = start; at + size <= end; at += size, id++) {
      if (size >= minN && size <= maxN) column.set(pool.slice(at, at + size).join(','), indexes[id]!);
    }
  });
  const width = Math.max(...indexes) + 1;
  const [rows, c] = x.dims.length === 2 ? (x.dims as [number, number]) : [1, x.data.length];
  const tokens = readInts(x);
  const freq = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let stride = 1; stride <= maxSkip + 1; stride++) {
      const smallest = stride === 1 ? minN : Math.max(minN, 2); // unigrams do not depend on the skip
      for (let start = 0; start < c; start++) {
        for (let n = smallest; n <= maxN && start + (n - 1) * stride < c; n++) {
          const gram = Array.from({ length: n }, (_, k) => tokens[r * c + start + k * stride]);
          const col = column.get(gram.join(','));
          if (col !== undefined) freq[r * width + col]!++;
        }
      }
    }
  }
  const out = tensorOf(ctx.floatStorage('float32'), x.dims.length === 2 ? [rows, width] : [width]);
  for (let i = 0; i < freq.length; i++) {
    const f = freq[i]!;
    const w = weights.length ? weights[i % width]! : 1;
    out.data[i] = mode === 'TF' ? f : mode === 'IDF' ? (f > 0 ? w : 0) : mode === 'TFIDF' ? w * f : ctx.fail(`mode "${mode}" is not TF, IDF or TFIDF`);
  }
  return [out];
};

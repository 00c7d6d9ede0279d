/** From a row of model outputs to answers: top-1, probabilities, the top k. */

/** Index of the largest value; ties go to the first (as torch.argmax). NaN never wins. */
export function argmax(row: ArrayLike<number>, start = 0, length = row.length - start): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let c = 0; c < length; c++) {
    const v = row[start + c]!;
    if (best === -1 ? !Number.isNaN(v) : v > bestValue) {
      best = c;
      bestValue = v;
    }
  }
  return Math.max(best, 0); // an all-NaN row answers class 0
}

/** Top-1 class of every row of a [rows, classes] matrix. */
export function argmaxRows(values: ArrayLike<number>, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) out[r] = argmax(values, r * classes, classes);
  return out;
}

/** Largest minus second largest value of a row: how close the top-1 was to flipping. */
export function topMargin(row: ArrayLike<number>, start: number, length: number): number {
  let first = -Infinity;
  let second = -Infinity;
  for (let c = 0; c < length; c++) {
    const v = row[start + c]!;
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return first - second;
}

/** Softmax in float64, shifted by the max so large logits cannot overflow. */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const exps = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i]! - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export interface RankedClass {
  index: number;
  label: string;
  probability: number;
}

/** The k most probable classes, most probable first (ties: lower index first). */
export function topK(probabilities: readonly number[], labels: readonly string[], k: number): RankedClass[] {
  return probabilities
    .map((probability, index) => ({ index, label: labels[index] ?? `class_${index}`, probability }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, Math.max(0, k));
}

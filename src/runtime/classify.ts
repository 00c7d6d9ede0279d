/** From a row of model outputs to answers: probabilities, the top k, the top-1 margin (the top-1 itself: util/argmax.ts). */

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

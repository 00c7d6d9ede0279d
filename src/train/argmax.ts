/** The predicted class of row `row` of a [rows, classes] logits matrix (first maximum wins). */
export function argmaxRow(logits: ArrayLike<number>, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (logits[row * classes + c]! > logits[row * classes + best]!) best = c;
  return best;
}

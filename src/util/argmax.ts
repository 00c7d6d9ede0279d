/** The predicted class of a row of model outputs, shared by training, evaluation, predict and parity. */

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

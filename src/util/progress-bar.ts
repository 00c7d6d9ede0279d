/**
 * A one-line progress bar for long transfers. On a terminal it redraws in place a few
 * times a second; in a log (CI, a pipe) it prints a line every 10% so logs stay short.
 */
import type { Writable } from 'node:stream';

const MB = 1024 * 1024;

export function formatProgress(label: string, received: number, total: number | null, bytesPerSecond: number): string {
  const rate = `${(bytesPerSecond / MB).toFixed(1)} MB/s`;
  if (total === null || total <= 0) return `${label} ${(received / MB).toFixed(1)} MB ${rate}`;
  const fraction = Math.min(1, received / total);
  const width = 30;
  const filled = Math.round(fraction * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const percent = (fraction * 100).toFixed(1).padStart(5);
  return `${label} [${bar}] ${percent}% ${(received / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB ${rate}`;
}

/** A progress callback drawing to `out` (stderr by default). */
export function progressBar(
  label: string,
  out: Writable & { isTTY?: boolean } = process.stderr,
): (received: number, total: number | null) => void {
  const started = Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  return (received, total) => {
    const now = Date.now();
    const rate = received / Math.max(0.001, (now - started) / 1000);
    const complete = total !== null && received >= total;
    if (out.isTTY) {
      if (now - lastDraw < 100 && !complete) return;
      lastDraw = now;
      out.write(`\r${formatProgress(label, received, total, rate)}${complete ? '\n' : ''}`);
      return;
    }
    const decile = total ? Math.floor((received / total) * 10) : Math.floor(received / (10 * MB));
    if (decile === lastDecile) return;
    lastDecile = decile;
    out.write(`${formatProgress(label, received, total, rate)}\n`);
  };
}

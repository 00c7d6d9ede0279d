/**
 * The one progress bar: `[####------]` cells and a redraw throttle, shared by transfers
 * (below) and training (train/progress.ts). On a terminal a bar redraws in place a few
 * times a second; in a log (CI, a pipe) it prints a line now and then so logs stay short.
 */
import type { Writable } from 'node:stream';

const MB = 1024 * 1024;

/** `[####------]`: `fraction` (0 to 1) of `width` cells filled. */
export function barCells(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Lets a draw through at most once per `intervalMs`; a final draw always passes. */
export function drawThrottle(intervalMs: number): (final: boolean) => boolean {
  let last = 0;
  return (final) => {
    const now = Date.now();
    if (now - last < intervalMs && !final) return false;
    last = now;
    return true;
  };
}

export function formatProgress(label: string, received: number, total: number | null, bytesPerSecond: number): string {
  const rate = `${(bytesPerSecond / MB).toFixed(1)} MB/s`;
  if (total === null || total <= 0) return `${label} ${(received / MB).toFixed(1)} MB ${rate}`;
  const fraction = Math.min(1, received / total);
  const percent = (fraction * 100).toFixed(1).padStart(5);
  return `${label} ${barCells(fraction, 30)} ${percent}% ${(received / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB ${rate}`;
}

/** A progress callback drawing to `out` (stderr by default). */
export function progressBar(
  label: string,
  out: Writable & { isTTY?: boolean } = process.stderr,
): (received: number, total: number | null) => void {
  const started = Date.now();
  const redrawDue = drawThrottle(100);
  let lastDecile = -1;
  return (received, total) => {
    const now = Date.now();
    const rate = received / Math.max(0.001, (now - started) / 1000);
    const complete = total !== null && received >= total;
    if (out.isTTY) {
      if (!redrawDue(complete)) return;
      out.write(`\r${formatProgress(label, received, total, rate)}${complete ? '\n' : ''}`);
      return;
    }
    const decile = total ? Math.floor((received / total) * 10) : Math.floor(received / (10 * MB));
    if (decile === lastDecile) return;
    lastDecile = decile;
    out.write(`${formatProgress(label, received, total, rate)}\n`);
  };
}

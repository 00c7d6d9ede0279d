/**
 * A shader that failed to compile or link, reported with its numbered source and
 * the lines the driver complained about marked, so the bad GLSL is visible at once.
 */
import { BackendError } from '../../backend.js';

export class ShaderCompileError extends BackendError {
  override name = 'ShaderCompileError';
  /** 1-based source lines named in the driver's log (`ERROR: 0:<line>: ...`). */
  readonly failingLines: number[];

  constructor(what: string, readonly source: string, readonly log: string) {
    const failingLines = parseFailingLines(log);
    super(`${what} failed to compile: ${log.trim()}\n${numberedSource(source, failingLines)}`);
    this.failingLines = failingLines;
  }
}

export function parseFailingLines(log: string): number[] {
  const lines = [...log.matchAll(/ERROR:\s*\d+:(\d+):/g)].map((m) => Number(m[1]));
  return [...new Set(lines)];
}

/** Every line prefixed with its number; failing ones flagged with `>>`. */
export function numberedSource(source: string, failingLines: readonly number[]): string {
  const all = source.split('\n');
  const digits = String(all.length).length;
  return all
    .map((text, i) => {
      const n = i + 1;
      const mark = failingLines.includes(n) ? '>>' : '  ';
      return `${mark} ${String(n).padStart(digits)} | ${text}`;
    })
    .join('\n');
}

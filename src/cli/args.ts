/** Argument parsing on node:util's parseArgs, with errors that name the flag. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ToolError } from '../util/errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;

export function parseCommandLine<T extends Options>(command: string, argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Node's messages run over several lines; the first two sentences say it all.
    const text = message.replace(/\.?\s*To specify (an option argument|a positional).*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw new ToolError(`${text} (see ${command} --help)`);
  }
}

export function numberFlag(flag: string, raw: string | undefined, fallback: number, check?: { min?: number; integer?: boolean; max?: number }): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new ToolError(`--${flag} ${raw}: not a number`);
  if (check?.integer && !Number.isInteger(value)) throw new ToolError(`--${flag} ${raw}: must be a whole number`);
  if (check?.min !== undefined && value < check.min) throw new ToolError(`--${flag} ${raw}: must be >= ${check.min}`);
  if (check?.max !== undefined && value > check.max) throw new ToolError(`--${flag} ${raw}: must be <= ${check.max}`);
  return value;
}

export function choiceFlag<T extends string>(flag: string, raw: string | undefined, choices: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) throw new ToolError(`--${flag} ${raw}: expected one of ${choices.join(', ')}`);
  return raw as T;
}

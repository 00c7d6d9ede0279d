/**
 * A user-facing failure: the message is one line that names the file, flag or op at
 * fault. CLIs print `message` alone (the stack only with --verbose) and exit non-zero.
 */
export class ToolError extends Error {
  override name = 'ToolError';
  constructor(
    message: string,
    /** Exit code a CLI should use (2 = usage or input error). */
    readonly exitCode = 2,
  ) {
    super(clipLongWords(escapeControlCharacters(message)));
  }
}

/** A pasted blob (a 5,000-character flag value) is shown by its ends, so the line stays readable. */
function clipLongWords(text: string): string {
  return text.replace(/\S{301,}/g, (word) => `${word.slice(0, 120)}…(${word.length} characters)…${word.slice(-60)}`);
}

/**
 * Names quoted from a hostile file can hold newlines or terminal escapes; shown as
 * `\n`, `\u001b`, … they keep the message one line and the terminal untouched.
 */
function escapeControlCharacters(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of error text for reports and status lines: the message, never a stack. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0]!.trim() || 'unknown error';
}

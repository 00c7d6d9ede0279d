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
    super(message);
  }
}

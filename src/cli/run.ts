/**
 * The thin shell around every command: run `main`, print a failure as one line
 * (the stack only with --verbose), and exit with the command's code.
 */
import { ToolError } from '../util/errors.js';
import { asToolError } from '../util/fs-errors.js';

export async function runCli(name: string, main: (argv: string[]) => Promise<number>): Promise<void> {
  const argv = process.argv.slice(2);
  try {
    process.exitCode = await main(argv);
  } catch (caught) {
    const err = asToolError(caught);
    const verbose = argv.includes('--verbose');
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${name}: ${message}\n`);
    if (verbose && caught instanceof Error && caught.stack) process.stderr.write(`${caught.stack}\n`);
    process.exitCode = err instanceof ToolError ? err.exitCode : 1;
  }
}

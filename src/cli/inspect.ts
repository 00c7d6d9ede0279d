/**
 * `inspect <model.onnx> [--json]`: print what an ONNX file is — opset, IR version,
 * inputs/outputs with shapes, ops, parameter count, metadata, structural check, and
 * whether the engine can import it.
 */
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatInspection, inspectOnnx } from '../export/inspect.js';
import { readModelFile } from '../export/onnx-reader.js';
import { ToolError } from '../util/errors.js';

const USAGE = 'usage: inspect <model.onnx> [--json]';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Run the command on `argv` (arguments after the program name); returns the exit code. */
export async function main(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const flags = argv.filter((a) => a.startsWith('-'));
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (flags.includes('--help') || flags.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknown = flags.filter((f) => f !== '--json' && f !== '--verbose');
  if (unknown.length || paths.length !== 1) {
    io.err(unknown.length ? `inspect: unknown option ${unknown[0]}\n${USAGE}` : USAGE);
    return 2;
  }
  const path = paths[0]!;
  try {
    const report = inspectOnnx(readModelFile(path), { baseDir: dirname(path), source: path });
    io.out(flags.includes('--json') ? JSON.stringify(report, null, 2) : formatInspection(report, path));
    // The report is printed either way; a model that fails its own checks fails the command.
    return report.problems.length > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof ToolError) {
      io.err(flags.includes('--verbose') && err.stack ? err.stack : err.message);
      return err.exitCode;
    }
    throw err;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

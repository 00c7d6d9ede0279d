/** `web [options]`: serves the web page (classify, train, parity) on 127.0.0.1. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_FLAGS, DATA_FLAGS_HELP, loadOptionsFromFlags, subsetOptionsFromFlags } from './data-flags.js';
import { numberFlag, parseCommandLine } from './args.js';
import { startWebServer } from './web-server.js';

/** The repository root, from src/cli/ or dist/cli/ alike. */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_ROOT = join(repoRoot, 'web', 'dist');
const RELEASED_MODEL = join(repoRoot, 'models', 'lenet.onnx');
/** A page holds the training data in memory: serve a sample unless told otherwise. */
const DEFAULT_LIMIT = 10_000;
const DEFAULT_TEST_LIMIT = 1_000;

export const HELP = `Usage: web [options]     (npm run web -- [options])

Serves the web page on http://127.0.0.1:PORT/, offline: every script and wasm file
comes from this machine. The page classifies your images with onnxruntime-web and our
engine side by side, trains LeNet5 on WebGL2 with CIFAR-10 from the data source below,
and compares every runtime of the browser on CIFAR-10 test images.

  --port N               port on 127.0.0.1 (0: any free port)               [8080]
  --model PATH           the model the page starts with       [models/lenet.onnx when present]
  --root DIR             the built page                                     [web/dist]
${DATA_FLAGS_HELP.replace(/^Data:\n/, '')}
                         (the page gets ${DEFAULT_LIMIT} training and ${DEFAULT_TEST_LIMIT} test images unless
                         --limit / --per-class / --test-limit say otherwise)
  --verbose              stack traces on errors
  -h, --help
`;

const OPTIONS = {
  ...DATA_FLAGS,
  port: { type: 'string' },
  model: { type: 'string' },
  root: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[]): Promise<number> {
  const { values: v } = parseCommandLine('web', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`web: ${line}\n`);
  const subset = subsetOptionsFromFlags(v);
  if (subset.limit === undefined && subset.perClass === undefined) subset.limit = DEFAULT_LIMIT;
  subset.testLimit ??= DEFAULT_TEST_LIMIT;
  const server = await startWebServer({
    port: numberFlag('port', v.port, 8080, { integer: true, min: 0, max: 65535 }),
    root: resolve(v.root ?? DEFAULT_ROOT),
    model: v.model ?? (existsSync(RELEASED_MODEL) ? RELEASED_MODEL : null),
    data: loadOptionsFromFlags(v, log),
    subset,
    log,
  });
  process.stdout.write(`serving the page on ${server.origin}/ and the portability lab on ${server.origin}/lab.html (Ctrl-C to stop)\n`);
  await new Promise<void>((stop) => {
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}

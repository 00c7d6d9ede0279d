#!/usr/bin/env node
import { main } from '../cli/inspect.js';
import { runCli } from '../cli/run.js';

await runCli('inspect-onnx', (argv) => main(argv));

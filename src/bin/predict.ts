#!/usr/bin/env node
import { main } from '../cli/predict.js';
import { runCli } from '../cli/run.js';

await runCli('predict', main);

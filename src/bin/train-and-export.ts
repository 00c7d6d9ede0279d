#!/usr/bin/env node
import { main } from '../cli/train-and-export.js';
import { runCli } from '../cli/run.js';

await runCli('train-and-export', main);

#!/usr/bin/env node
import { main } from '../cli/preview.js';
import { runCli } from '../cli/run.js';

await runCli('cifar-preview', main);

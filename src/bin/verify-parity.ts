#!/usr/bin/env node
import { main } from '../cli/verify-parity.js';
import { runCli } from '../cli/run.js';

await runCli('verify-parity', main);

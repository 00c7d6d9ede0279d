/**
 * The inputs of a lab run, chosen as verify-parity chooses them: the test case's data
 * sets (with their expected outputs), or seeded random tensors for every input from the
 * form's shapes and ranges — the CLI's `--shape NAME=…`, `--range NAME=LO,HI` and
 * `--seed`, parsed by the CLI's own code, so the same settings give the same tensors.
 */
import { checkFeeds } from '../../../src/runtime/parity/feed-check.js';
import { inputsFromTensors, type ParityInputs } from '../../../src/runtime/parity/parity-inputs.js';
import { parseRangeFlags, parseShapeFlags, randomFeeds } from '../../../src/runtime/parity/random-feeds.js';
import { inputsFromDataSets } from '../../../src/runtime/parity/test-case-inputs.js';
import type { LabCase } from './lab-case.js';

export interface RandomChoice {
  /** Input name → "D0,D1,…" as typed (empty: the declared dims, a leading symbolic one as 1). */
  shapes: ReadonlyMap<string, string>;
  /** Input name → "LO,HI" as typed (empty: floats in [0, 1); integers must have one). */
  ranges: ReadonlyMap<string, string>;
  seed: number;
}

export type InputChoice = { kind: 'test-case' } | ({ kind: 'random' } & RandomChoice);

const specs = (values: ReadonlyMap<string, string>) => [...values].filter(([, text]) => text.trim() !== '').map(([name, text]) => `${name}=${text.trim()}`);

/** The folder the model came in, as reports name a test case (`mobilenet_v2`). */
export function caseFolder(c: LabCase): string {
  const at = c.name.lastIndexOf('/');
  return at > 0 ? c.name.slice(0, at) : '.';
}

export function labInputs(c: LabCase, choice: InputChoice): ParityInputs {
  const { io } = c.model;
  if (choice.kind === 'test-case') {
    if (c.dataSets.length === 0) throw new Error(`${c.name}: no test_data_set_N folders came with the model`);
    return inputsFromDataSets(c.dataSets, io, caseFolder(c));
  }
  const random = randomFeeds(io.inputs, { shapes: parseShapeFlags(specs(choice.shapes), io.inputs), ranges: parseRangeFlags(specs(choice.ranges), io.inputs), seed: choice.seed });
  checkFeeds(io.inputs, random.feeds, (name) => `random input "${name}"`);
  return inputsFromTensors('random-tensors', random.feeds, random.source);
}

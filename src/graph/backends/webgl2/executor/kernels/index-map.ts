/**
 * Programs that only move elements (Transpose, Slice, Tile, Pad, Concat, Gather):
 * each output element reads one input element whose offset is a GLSL expression
 * of the output coordinates `o0..o(n-1)`.
 */
import type { GpuProgram } from '../../program.js';
import { coordinates } from '../tensor-glsl.js';

export function indexMapProgram(key: string, outDims: readonly number[], inputs: readonly string[], body: string, helpers = ''): GpuProgram {
  return {
    // The body holds offsets and steps the dims do not determine: it is part of the key.
    key: `${key}|${outDims}|${body}`,
    inputs,
    outputSize: outDims.reduce((a, b) => a * b, 1),
    helpers,
    main: `
  ${coordinates('o', outDims)}
  ${body}`,
  };
}

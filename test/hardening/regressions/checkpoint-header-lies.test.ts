/**
 * Regression (fuzz, checkpoint seed 3 cases 353, 360, 445, 451): the header's blob
 * table was trusted — a name that is not a string crashed with a TypeError, a negative
 * length with a RangeError, and a length or shape that disagree loaded weights of the
 * wrong size. The digest now covers the header too; these lies are re-signed so that
 * the header checks behind the digest stay tested.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, createLenetSpec, createReferenceBackend } from '../../../src/graph/index.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../../src/train/checkpoint.js';
import { DEFAULT_CONFIG } from '../../../src/train/config.js';
import { createOptimizer } from '../../../src/train/trainer.js';
import { joinJsonHeader, splitJsonHeader } from '../fuzz/formats/json-header.js';
import { concat } from '../fuzz/generic-mutators.js';

const LAYOUT = { preamble: 44, lengthAt: 8 };

/** A lying header with a valid digest: what a buggy writer, not a torn file, would produce. */
function resign(file: Uint8Array): Uint8Array {
  const out = file.slice();
  out.set(createHash('sha256').update(out.subarray(44)).digest(), 12);
  return out;
}

async function realCheckpoint(): Promise<Uint8Array> {
  const spec = createLenetSpec('lenet5', 1);
  const model = buildModel(spec, createReferenceBackend('float32'));
  const optimizer = createOptimizer(model, DEFAULT_CONFIG);
  const state = await optimizer.state();
  optimizer.dispose();
  model.dispose();
  return concat(encodeCheckpoint({ config: DEFAULT_CONFIG, position: { epoch: 2, step: 0 }, spec, optimizer: state, history: [], info: {} }));
}

type Header = { blobs: Record<string, unknown>[]; position: unknown };

let honest: Uint8Array;
beforeAll(async () => {
  honest = await realCheckpoint();
});

function withHeader(change: (header: Header) => void): Uint8Array {
  const parts = splitJsonHeader(honest, LAYOUT)!;
  change(parts.header as Header);
  return resign(joinJsonHeader(parts, LAYOUT));
}

describe('a checkpoint header that lies is refused with one line', () => {
  const cases: [string, (h: Header) => void, string][] = [
    ['a blob name that is not a string', (h) => (h.blobs[0]!.name = 7), 'blob 7 lies outside the file'],
    ['a negative blob length', (h) => (h.blobs[1]!.length = -4), 'blob "param/net.0.bias" lies outside the file'],
    ['a blob length that disagrees with its shape', (h) => (h.blobs[0]!.length = 0), 'blob param/net.0.weight: shape [6,3,5,5] does not match its 0 bytes'],
    ['a shape that disagrees with its bytes', (h) => (h.blobs[0]!.shape = [6, 3, 5, -5]), 'blob param/net.0.weight: shape [6,3,5,-5] does not match its 1800 bytes'],
    ['a position that is not a count', (h) => (h.position = { epoch: 'x', step: 0 }), 'header lacks a usable position, config or layer list'],
  ];
  for (const [what, change, why] of cases) {
    it(what, () => {
      expect(() => decodeCheckpoint(withHeader(change), 'lying.ckpt')).toThrow(`lying.ckpt: not a usable checkpoint (${why})`);
    });
  }

  it('a header that is JSON null', () => {
    const parts = splitJsonHeader(honest, LAYOUT)!;
    expect(() => decodeCheckpoint(resign(joinJsonHeader({ ...parts, header: null }, LAYOUT)), 'null.ckpt')).toThrow('null.ckpt: not a usable checkpoint (unknown format undefined)');
  });

  it('the honest checkpoint still decodes', () => {
    const c = decodeCheckpoint(honest, 'good.ckpt');
    expect(c.position).toEqual({ epoch: 2, step: 0 });
    expect(c.spec.params['net.0.weight']!.data.length).toBe(450);
  });
});

/**
 * A fixed sample of ONNX's conformance cases (Debian libonnx-testdata) for the test
 * suite: every 24th case of each group (sorted) plus cases that exercise each verdict —
 * onnxruntime fails (bernoulli: random), our reader cannot read (strings, sequences),
 * the engine lacks the op (If). Linked into a temp folder as GROUP/CASE.
 */
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { CONFORMANCE_GROUPS, ONNX_TESTDATA } from './onnx-case.js';

export const NAMED_CASES = ['node/test_bernoulli', 'node/test_cast_FLOAT_to_STRING', 'node/test_identity_sequence', 'node/test_if', 'node/test_resize_downsample_scales_linear_align_corners', 'node/test_add_bcast'];

export function sampleCaseNames(every = 24): string[] {
  const names = new Set<string>(NAMED_CASES);
  for (const group of CONFORMANCE_GROUPS) {
    readdirSync(join(ONNX_TESTDATA, group))
      .sort()
      .forEach((entry, i) => {
        if (i % every === 0) names.add(`${group}/${entry}`);
      });
  }
  return [...names].sort();
}

/** Links the sample under `dir`/GROUP/CASE; returns the group folders (for --onnx-tests). */
export function linkSample(dir: string, names: readonly string[]): string[] {
  const groups = new Set<string>();
  for (const name of names) {
    const [group, entry] = name.split('/') as [string, string];
    mkdirSync(join(dir, group), { recursive: true });
    symlinkSync(join(ONNX_TESTDATA, group, entry), join(dir, group, entry));
    groups.add(join(dir, group));
  }
  return [...groups].sort();
}

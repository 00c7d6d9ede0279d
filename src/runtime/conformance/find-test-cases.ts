/**
 * The ONNX test case folders under a directory, the layout of ONNX's backend tests and
 * of onnxruntime's onnx_test_runner: a folder holding model.onnx and test_data_set_N
 * folders is a case (and is not searched further); any other folder is searched.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { ToolError } from '../../util/errors.js';

export interface TestCaseFolder {
  /** Path from the searched folder's parent, e.g. `node/test_add`: stable across machines. */
  readonly name: string;
  readonly dir: string;
}

function isCase(dir: string, entries: readonly string[]): boolean {
  return entries.includes('model.onnx') && entries.some((e) => /^test_data_set_\d+$/.test(e) && statSync(join(dir, e)).isDirectory());
}

/** Every case under `root`, sorted by name. A missing folder or one without cases is one line. */
export function findTestCases(root: string, flag = '--onnx-tests'): TestCaseFolder[] {
  let info;
  try {
    info = statSync(root);
  } catch {
    throw new ToolError(`${flag} ${root}: no such folder`);
  }
  if (!info.isDirectory()) throw new ToolError(`${flag} ${root}: not a folder (expected a folder of ONNX test cases)`);
  const base = resolve(root, '..');
  const found: TestCaseFolder[] = [];
  const seen = new Set<string>();
  const walk = (dir: string): void => {
    // Inode identity guards against symlink loops.
    const id = `${statSync(dir).dev}:${statSync(dir).ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return; // An unreadable folder holds no case we could run.
    }
    if (isCase(dir, entries)) {
      found.push({ name: relative(base, dir) || basename(dir), dir });
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      try {
        if (statSync(path).isDirectory()) walk(path);
      } catch {
        // A dangling link is not a case.
      }
    }
  };
  walk(resolve(root));
  if (found.length === 0) throw new ToolError(`${flag} ${root}: no test case folders (model.onnx + test_data_set_N/) in it`);
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

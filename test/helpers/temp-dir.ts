/** A fresh folder under the OS temp dir per test, removed afterwards. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export function useTempDirs(): (label?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (label = 'data') => {
    const dir = mkdtempSync(join(tmpdir(), `lenet-${label}-`));
    made.push(dir);
    return dir;
  };
}

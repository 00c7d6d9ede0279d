/**
 * The import floors of ARCHITECTURE.md, enforced: dependency-cruiser runs the rules in
 * .dependency-cruiser.cjs over src/ and web/ and any circle (type-only imports included)
 * or import against the floors fails here, naming both files. The same rules run on a
 * tiny tree with known bad imports first, so a rule that stopped matching cannot pass.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { cruise, type IConfiguration, type IViolation } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const config = createRequire(import.meta.url)(join(repoRoot, '.dependency-cruiser.cjs')) as IConfiguration;

async function violations(baseDir: string, roots: string[]): Promise<IViolation[]> {
  const { output } = await cruise(roots, { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text, not a result: ${output.slice(0, 200)}`);
  return output.summary.violations;
}

const describeViolation = (v: IViolation): string =>
  `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (circle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''}`;

describe('import floors', () => {
  const tempDir = useTempDirs();

  it('the rules catch an upward import, a circle through types only, and image ↔ browser', async () => {
    const root = tempDir('floors');
    const files: Record<string, string> = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      // Upward: util (floor 0) reaching into train (floor 4).
      'src/util/low.ts': "import { high } from '../train/high.js';\nexport const low = high + 1;\n",
      'src/train/high.ts': 'export const high = 1;\n',
      // A circle closed only through type imports.
      'src/graph/a.ts': "import type { B } from './b.js';\nexport interface A { b: B | null }\n",
      'src/graph/b.ts': "import type { A } from './a.js';\nexport interface B { a: A | null }\n",
      // Same floor, kept apart.
      'src/image/decode.ts': "import { launch } from '../browser/launch.js';\nexport const decode = launch;\n",
      'src/browser/launch.ts': 'export const launch = 2;\n',
      // Allowed: runtime (floor 5) using train and util.
      'src/runtime/run.ts': "import { high } from '../train/high.js';\nimport { low } from '../util/low.js';\nexport const run = high + low;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }

    const found = (await violations(root, ['src'])).map(describeViolation).sort();

    expect(found).toEqual([
      'floor-image: src/image/decode.ts → src/browser/launch.ts',
      'floor-util: src/util/low.ts → src/train/high.ts',
      'no-circular: src/graph/a.ts → src/graph/b.ts (circle: src/graph/b.ts → src/graph/a.ts)',
    ]);
  });

  it('every folder under src/ sits on a floor (or is a command, on the top floor)', () => {
    const top = ['cli', 'bin', 'index.ts'];
    const floorRules = (config.forbidden ?? []).filter((rule) => rule.name?.startsWith('floor-'));
    const onNoFloor = readdirSync(join(repoRoot, 'src')).filter(
      (entry) => !top.includes(entry) && !floorRules.some((rule) => new RegExp(String(rule.from.path)).test(`src/${entry}/a.ts`)),
    );
    expect(onNoFloor).toEqual([]);
  });

  it('src/ and web/ import one way: no circle, nothing against the floors', async () => {
    const found = await violations(repoRoot, ['src', 'web']);
    expect(found.map(describeViolation)).toEqual([]);
  });
});

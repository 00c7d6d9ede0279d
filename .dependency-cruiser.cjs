/**
 * The import floors of ARCHITECTURE.md as dependency-cruiser rules. A module may import
 * its own floor and the floors below it; nothing may close a circle. Type-only imports
 * count (tsPreCompilationDeps): a circle through types is still a circle for a reader.
 *
 * test/architecture/import-floors.test.ts runs these rules over src/ and web/;
 * `npx depcruise src web --config .dependency-cruiser.cjs` shows the same on the terminal.
 */
const FLOORS = [
  { name: 'util', folders: ['src/util'] },
  { name: 'graph', folders: ['src/graph'] },
  { name: 'export', folders: ['src/export'] },
  { name: 'image', folders: ['src/image'], sameFloorApart: ['src/browser'] },
  { name: 'browser', folders: ['src/browser'], sameFloorApart: ['src/image'] },
  { name: 'train', folders: ['src/train'] },
  { name: 'runtime', folders: ['src/runtime'] },
];
/** The top floor: commands, the library entry and the web page may import anything. */
const TOP = ['src/cli', 'src/bin', 'src/index\\.ts$', 'web'];

const anyOf = (paths) => `^(${paths.join('|')})(/|$)`;
const higherThan = (index) => FLOORS.slice(index + 1).flatMap((floor) => floor.folders).filter((f) => !FLOORS[index].folders.includes(f)).concat(TOP);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules that import each other, directly or round a circle (type-only imports included).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...FLOORS.map((floor, index) => ({
      name: `floor-${floor.name}`,
      comment: `${floor.folders.join(', ')} imports only its own floor and the floors below it (ARCHITECTURE.md).`,
      severity: 'error',
      from: { path: anyOf(floor.folders) },
      to: { path: anyOf([...higherThan(index), ...(floor.sameFloorApart ?? [])]) },
    })),
  ],
  options: {
    includeOnly: '^(src|web)/',
    exclude: { path: '(^|/)dist/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};

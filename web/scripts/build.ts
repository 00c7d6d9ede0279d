/**
 * Builds the web pages into web/dist/ (or the folder given): the LeNet page bundled by
 * esbuild from web/src/main.ts (our engine, trainer, ONNX writer) and the portability
 * lab from web/src/lab/main.ts, the static files, and onnxruntime-web's released files
 * from node_modules, so the pages never touch a CDN. The folder is static: any web
 * server can serve it (with COOP/COEP headers for threaded wasm, see web/README.md).
 *
 *   node --import tsx web/scripts/build.ts [outDir]
 */
import { copyFileSync, linkSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { producerVersion } from '../../src/export/producer.js';
import { nodeBuiltinStandIns } from '../../src/browser/bundle-page.js';
import { ORT_FOLDER, ORT_MODULES } from '../src/runtimes/ort-builds.js';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUT_DIR = join(webDir, 'dist');

/**
 * onnxruntime-web is not bundled: the page imports its released ES modules from ort/
 * (the same files the Node-driven browser runtimes serve), and each module loads its
 * Emscripten glue (.mjs) and binary (.wasm) from there too. Which glue a module wants is
 * read from the module itself, so an ORT upgrade cannot silently leave one out.
 */
function ortFiles(ortDist: string): string[] {
  const files = new Set<string>();
  for (const module of Object.values(ORT_MODULES)) {
    files.add(module);
    const glue = readFileSync(join(ortDist, module), 'utf8').match(/ort-wasm-simd-threaded[\w.]*?\.mjs/g) ?? [];
    if (glue.length === 0) throw new Error(`${module}: cannot find which ort-wasm-simd-threaded*.mjs it loads`);
    for (const name of glue) files.add(name).add(name.replace(/\.mjs$/, '.wasm'));
  }
  return [...files];
}

const STATIC_FILES = ['index.html', 'lab.html', 'styles.css'];

/** Output file → entry, one bundle per page. */
const ENTRIES = { app: join(webDir, 'src', 'main.ts'), lab: join(webDir, 'src', 'lab', 'main.ts') };

export interface PageBuild {
  outDir: string;
  /** app.js size in bytes. */
  appBytes: number;
}

export async function buildPage(outDir = DEFAULT_OUT_DIR): Promise<PageBuild> {
  for (const name of Object.keys(ENTRIES)) rmSync(join(outDir, `${name}.js`), { force: true });
  const ortDir = join(outDir, ORT_FOLDER);
  mkdirSync(ortDir, { recursive: true });
  await build({
    entryPoints: ENTRIES,
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    sourcemap: true,
    logLevel: 'warning',
    // Node built-ins (imported by shared modules for paths a page never takes) become
    // stand-ins that throw if called; the ONNX writer's version is this package's.
    plugins: [nodeBuiltinStandIns],
    define: { __LENET_PORTABLE_VERSION__: JSON.stringify(producerVersion()) },
  });
  for (const file of STATIC_FILES) copyFileSync(join(webDir, 'src', file), join(outDir, file));
  const ortDist = dirname(createRequire(import.meta.url).resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
  for (const file of ortFiles(ortDist)) linkOrCopy(join(ortDist, file), join(ortDir, file));
  return { outDir, appBytes: statSync(join(outDir, 'app.js')).size };
}

/** The wasm files are 14–27 MB: a hard link when possible, a copy only when missing or changed. */
function linkOrCopy(from: string, to: string): void {
  const source = statSync(from);
  const target = statSync(to, { throwIfNoEntry: false });
  if (target && target.size === source.size && target.mtimeMs >= source.mtimeMs) return;
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to); // another file system
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const built = await buildPage(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR);
  process.stdout.write(`built the page in ${built.outDir} (app.js ${(built.appBytes / 1024).toFixed(0)} KiB)\n`);
}

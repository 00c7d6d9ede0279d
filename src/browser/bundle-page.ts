/**
 * Bundles a page entry (TypeScript or the compiled JavaScript) into one ES module with
 * esbuild, in memory, for Chromium.
 *
 * Shared modules sometimes import Node built-ins (or Node-only packages: sharp,
 * onnxruntime-node, tar-stream) for code paths a page never takes (e.g. the ONNX reader's
 * external-data files). Such imports get a stand-in module that
 * exports the same names, each throwing one clear line if a page ever calls it — rather
 * than failing the whole bundle, or failing later with "undefined is not a function".
 */
import { describeError } from '../util/errors.js';
import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const bundles = new Map<string, Promise<string>>();

/**
 * The file of a page entry next to `base` (a module's `import.meta.url`): the `.ts`
 * source when running from sources (tsx, vitest), the compiled `.js` from dist.
 */
export function pageEntryPath(relativeJsPath: string, base: string): string {
  const js = fileURLToPath(new URL(relativeJsPath, base));
  const ts = js.replace(/\.js$/, '.ts');
  return existsSync(ts) ? ts : js;
}

/** The bundled module text; built once per entry and process. */
export function bundlePage(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    bundle = build(entry);
    bundle.catch(() => bundles.delete(entry));
    bundles.set(entry, bundle);
  }
  return bundle;
}

async function build(entry: string): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new Error(`esbuild cannot load (npm install esbuild): ${describeError(error)}`);
  }
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
      plugins: [nodeBuiltinStandIns],
    });
    return result.outputFiles[0]!.text;
  } catch (error) {
    throw new Error(`cannot bundle ${entry}: ${describeError(error)}`);
  }
}

/** Packages that only run in Node (native code): a page gets stand-ins for them too. */
const NODE_ONLY_PACKAGES = ['sharp', 'onnxruntime-node', 'tar-stream'];
const BUILTIN = new RegExp(`^(node:.*|${[...builtinModules, ...NODE_ONLY_PACKAGES].map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Also used by the web page's build (web/scripts/build.ts), which writes files for people to load. */
export const nodeBuiltinStandIns: Plugin = {
  name: 'node-builtin-stand-ins',
  setup(build) {
    build.onResolve({ filter: BUILTIN }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, async (args) => {
      const real = (await import(args.path)) as Record<string, unknown>;
      const names = Object.keys(real).filter((n) => n !== 'default' && IDENTIFIER.test(n));
      const unavailable = (what: string) =>
        `() => { throw new Error(${JSON.stringify(`${what} is Node-only and not available in a browser page`)}); }`;
      const lines = names.map((n) => `export const ${n} = ${unavailable(`${args.path} ${n}()`)};`);
      lines.push(`export default {};`);
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

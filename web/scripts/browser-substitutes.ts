/**
 * esbuild plugin: what the page gets instead of the Node-only corners of shared modules.
 *
 * - Node built-ins (`node:fs`, …) become stand-ins exporting the same names, each
 *   throwing one clear line if called. Shared modules import them for paths a page
 *   never takes (the ONNX reader's external-data files, atomic file writes).
 * - The ONNX writer's producer module finds the package version on disk; the page gets
 *   the values that module computes in Node at build time.
 *
 * The first half mirrors src/runtime/browser/bundle-page.ts's stand-ins (in-memory
 * bundles for Node-driven pages); this build writes files for people to load.
 */
import { builtinModules } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';

const BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const PRODUCER_MODULE = /[\\/]src[\\/]export[\\/]producer\.(ts|js)$/;

export function browserSubstitutes(): Plugin {
  return {
    name: 'browser-substitutes',
    setup(build) {
      build.onResolve({ filter: BUILTIN }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
      build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, async (args) => {
        const real = (await import(args.path)) as Record<string, unknown>;
        const names = Object.keys(real).filter((n) => n !== 'default' && IDENTIFIER.test(n));
        const fail = (name: string) => `() => { throw new Error(${JSON.stringify(`${args.path} ${name}() is Node-only and not available in the page`)}); }`;
        return { contents: [...names.map((n) => `export const ${n} = ${fail(n)};`), 'export default {};'].join('\n'), loader: 'js' };
      });
      // The producer module, evaluated here in Node at build time: same name, same version.
      build.onLoad({ filter: PRODUCER_MODULE }, async (args) => {
        const real = (await import(pathToFileURL(args.path).href)) as { PRODUCER_NAME: string; producerVersion(): string };
        const contents = `export const PRODUCER_NAME = ${JSON.stringify(real.PRODUCER_NAME)};\nexport function producerVersion() { return ${JSON.stringify(real.producerVersion())}; }\n`;
        return { contents, loader: 'js' };
      });
    },
  };
}

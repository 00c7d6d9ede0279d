/**
 * One ONNX model as every runtime receives it: the file's exact bytes (and external
 * data), its interface, and our importer's reading of it. Each runtime runs these very
 * bytes; none gets a re-exported copy.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { readOnnx } from '../export/index.js';
import type { ModelSpec } from '../graph/model-spec.js';
import { ToolError, describeError } from '../util/errors.js';
import { readModelIO, type ModelIO } from './model-io.js';

export interface ExternalDataFile {
  /** The location as the model names it, relative to the model's folder. */
  path: string;
  data: Uint8Array;
}

export interface ModelUnderTest {
  /** The file as the user named it (reports show this), or null for an in-memory model. */
  path: string | null;
  bytes: Uint8Array;
  externalData: ExternalDataFile[];
  io: ModelIO;
  /** Our importer's reading, or null when it cannot import the model (see engineError). */
  spec: ModelSpec | null;
  /** Why our engine cannot run the model; engine runtimes report it as unavailable. */
  engineError: string | null;
}

async function readModelBytes(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ToolError(`${path}: not a file (expected an .onnx model)`);
    return await readFile(path);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ToolError(code === 'ENOENT' ? `${path}: no such model file` : `${path}: cannot read the model (${code ?? describeError(error)})`);
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return !(rel === '' || rel.startsWith('..') || isAbsolute(rel));
}

async function readExternalData(modelPath: string, location: string): Promise<ExternalDataFile> {
  const folder = dirname(resolve(modelPath));
  const full = resolve(folder, location);
  const outside = new ToolError(`${modelPath}: external data "${location}" lies outside the model's folder`);
  if (!isInside(folder, full)) throw outside;
  try {
    // A link inside the folder must not lead out of it either (as src/export's reader checks).
    if (!isInside(await realpath(folder), await realpath(full))) throw outside;
    return { path: location, data: await readFile(full) };
  } catch (error) {
    if (error === outside) throw error;
    throw new ToolError(`${modelPath}: cannot read its external data file ${location} (${(error as NodeJS.ErrnoException).code ?? describeError(error)})`);
  }
}

/** Builds the model under test from bytes already in memory (no external data). */
export function modelFromBytes(bytes: Uint8Array, source: string, path: string | null = null): ModelUnderTest {
  const io = readModelIO(bytes, source);
  return { path, bytes, externalData: [], io, ...importForEngine(bytes, source, path) };
}

function importForEngine(bytes: Uint8Array, source: string, path: string | null): Pick<ModelUnderTest, 'spec' | 'engineError'> {
  try {
    const spec = readOnnx(bytes, { source, ...(path ? { baseDir: dirname(path) } : {}) });
    return { spec, engineError: null };
  } catch (error) {
    // Not fatal: ORT may still run what our importer refuses; engine runtimes say why not.
    return { spec: null, engineError: describeError(error) };
  }
}

/**
 * Loads `path`. A missing file, a non-ONNX file or an input other than [N,3,32,32] is a
 * one-line ToolError (exit 2); a model only our engine cannot read is not.
 */
export async function loadModelUnderTest(path: string): Promise<ModelUnderTest> {
  const bytes = await readModelBytes(path);
  const io = readModelIO(bytes, path);
  const externalData = await Promise.all(io.externalDataFiles.map((location) => readExternalData(path, location)));
  return { path, bytes, externalData, io, ...importForEngine(bytes, path, path) };
}

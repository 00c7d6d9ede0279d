/**
 * One ONNX model as every runtime receives it: the file's exact bytes (and external
 * data), its interface, and our engine's two readings of it — the LeNet chain importer
 * (the fast path, for models it accepts) and the general graph reader. Each runtime runs
 * these very bytes; none gets a re-exported copy.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { readOnnx } from '../export/onnx-reader.js';
import { readOnnxGraph } from '../export/onnx-graph-reader.js';
import type { ExecGraph } from '../graph/executor/graph-ir.js';
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
  /** The chain importer's reading (LeNet-like models), or null when it refuses the model (see engineError). */
  spec: ModelSpec | null;
  /** Why the chain importer refuses the model. */
  engineError: string | null;
  /** The graph reader's reading, for the graph executor; null when it cannot read the model (see graphError). */
  graph: ExecGraph | null;
  /** Why the graph reader cannot read the model; engine runtimes report it as unavailable. */
  graphError: string | null;
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

/** Builds the model under test from bytes already in memory, with its external data files when it has some (a page has no folder to read them from). */
export function modelFromBytes(bytes: Uint8Array, source: string, path: string | null = null, externalData: ExternalDataFile[] = []): ModelUnderTest {
  const io = readModelIO(bytes, source);
  return { path, bytes, externalData, io, ...importForEngine(bytes, source, path, externalData) };
}

function importForEngine(bytes: Uint8Array, source: string, path: string | null, externalData: ExternalDataFile[] = []): Pick<ModelUnderTest, 'spec' | 'engineError' | 'graph' | 'graphError'> {
  const where = { source, ...(externalData.length > 0 ? { externalData } : path ? { baseDir: dirname(path) } : {}) };
  // Neither is fatal: ORT may still run what our readers refuse; engine runtimes say why not.
  let chain: Pick<ModelUnderTest, 'spec' | 'engineError'>;
  try {
    chain = { spec: readOnnx(bytes, where), engineError: null };
  } catch (error) {
    chain = { spec: null, engineError: describeError(error) };
  }
  try {
    return { ...chain, graph: readOnnxGraph(bytes, where), graphError: null };
  } catch (error) {
    return { ...chain, graph: null, graphError: describeError(error) };
  }
}

/**
 * Loads `path`. A missing file or a non-ONNX file is a one-line ToolError (exit 2); a
 * model only our engine cannot read is not.
 */
export async function loadModelUnderTest(path: string): Promise<ModelUnderTest> {
  const bytes = await readModelBytes(path);
  const io = readModelIO(bytes, path);
  const externalData = await Promise.all(io.externalDataFiles.map((location) => readExternalData(path, location)));
  return { path, bytes, externalData, io, ...importForEngine(bytes, path, path) };
}

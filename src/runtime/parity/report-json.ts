/**
 * `verify-parity --json`: the documented machine-readable result.
 *
 *     {
 *       "pass": true, "exitCode": 0, "problems": [],
 *       "model": "models/lenet.onnx",
 *       "images": 1000,                       // rows compared (images, or first-dim entries)
 *       "source": "1000 (seeded sample, seed 0) of 10000 CIFAR-10 test images from …",
 *       "inputKind": "cifar10-test",          // files | cifar10-test | random | test-case | input-files | random-tensors
 *       "output": { "name": "logits", "kind": "logits" },   // the classifier output
 *       "outputs": [{ "name", "kind" }],      // every output compared
 *       "reference": "engine-cpu",
 *       "runtimes": [{ "name", "available", "provider", "error"?, "required",
 *                      "openSeconds", "runSeconds", "imagesPerSecond", "accuracy" }],
 *       "comparisons": [{ "runtime", "reference", "output", "rule" (tolerance | exact),
 *                         "mismatch" (shape/type, or null), "nonFiniteMismatches",
 *                         "maxAbsDiff", "meanAbsDiff", "p99AbsDiff",
 *                         "maxRelDiff", "top1Agreement", "flips", "pass", "required",
 *                         "atol", "rtol", "elements", "failingElements", "worst", "histogram" }],
 *       "unreadable": [{ "file", "error" }]
 *     }
 *
 * One comparison per (runtime, output). `top1Agreement` is a fraction from 0 to 1, or
 * null for outputs that are not [N, classes]; `flips` lists every row whose top-1 class
 * differs ({image, name, reference: {index, label}, runtime: {index, label},
 * referenceMargin}). Numbers JSON cannot hold (Infinity, NaN) are written as strings.
 */
import type { ParityResult } from './parity-run.js';

export function parityJson(result: ParityResult): Record<string, unknown> {
  return {
    pass: result.pass,
    exitCode: result.exitCode,
    problems: result.problems,
    model: result.model,
    images: result.inputs.count,
    source: result.inputs.source,
    inputKind: result.inputs.kind,
    output: result.output,
    outputs: result.outputs,
    reference: result.reference,
    runtimes: result.runtimes.map((r) => ({
      name: r.name,
      available: r.available,
      provider: r.provider,
      ...(r.error === null ? {} : { error: r.error }),
      required: r.required,
      openSeconds: r.openSeconds,
      runSeconds: r.runSeconds,
      imagesPerSecond: r.runSeconds ? result.inputs.count / r.runSeconds : null,
      accuracy: r.accuracy,
    })),
    comparisons: result.comparisons.map((c) => ({
      runtime: c.runtime,
      reference: c.reference,
      output: c.output,
      rule: c.rule,
      mismatch: c.mismatch,
      nonFiniteMismatches: c.nonFiniteMismatches,
      maxAbsDiff: c.maxAbsDiff,
      meanAbsDiff: c.meanAbsDiff,
      p99AbsDiff: c.p99AbsDiff,
      maxRelDiff: c.maxRelDiff,
      top1Agreement: c.top1Agreement,
      flips: c.flips,
      pass: c.pass,
      required: c.required,
      atol: c.tolerance.atol,
      rtol: c.tolerance.rtol,
      elements: c.elements,
      failingElements: c.failingElements,
      worst: c.worst,
      histogram: c.histogram,
    })),
    unreadable: result.inputs.unreadable,
  };
}

/** JSON text with non-finite numbers as "Infinity" / "-Infinity" / "NaN" strings. */
export function stringifyReport(value: unknown, indent = 2): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), indent);
}

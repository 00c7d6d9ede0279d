/**
 * Index arithmetic for N-dimensional tensors stored flat (row-major): broadcast
 * strides, merging dimensions that move together, and the GLSL that
 * turns a flat output index into coordinates or into an input's flat offset.
 * Shapes are baked in as constants, so the compiler folds what it can.
 */
import { stridesOf } from '../../../executor/kernels/tensor-values.js';

/** Strides of `inDims` read at the coordinates of `outDims` (right-aligned; 0 where broadcast). */
export function broadcastStrides(inDims: readonly number[], outDims: readonly number[]): number[] {
  const own = stridesOf(inDims);
  return outDims.map((_, k) => {
    const i = k - (outDims.length - inDims.length);
    return i < 0 || inDims[i] === 1 ? 0 : own[i]!;
  });
}

/**
 * Drops size-1 dimensions and merges neighbours that every input walks
 * contiguously (or broadcasts over together): [2,3,4,4] + [1,3,1,1] becomes
 * [2,3,16] with strides [0,1,0] for the second input. Fewer dims, fewer divisions.
 */
export function collapseDims(
  dims: readonly number[],
  strides: readonly (readonly number[])[],
): { dims: number[]; strides: number[][] } {
  const keep = dims.map((d, k) => (d === 1 ? -1 : k)).filter((k) => k >= 0);
  const outDims: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (const k of keep) {
    const last = outDims.length - 1;
    // Contiguous: the outer stride is the inner one times the inner size (0 = 0·d too).
    const merges = last >= 0 && strides.every((s, j) => outStrides[j]![last] === s[k]! * dims[k]!);
    if (merges) {
      outDims[last]! *= dims[k]!;
      strides.forEach((s, j) => (outStrides[j]![last] = s[k]!));
    } else {
      outDims.push(dims[k]!);
      strides.forEach((s, j) => outStrides[j]!.push(s[k]!));
    }
  }
  return { dims: outDims, strides: outStrides };
}

/** GLSL `int <name>(int i)`: the offset at flat index i of a tensor of `dims` walked with `strides`. */
export function offsetFunction(name: string, dims: readonly number[], strides: readonly number[]): string {
  const lines = [`int ${name}(int i) {`, '  int off = 0;'];
  // The outermost dims whose strides are all 0 need no arithmetic at all.
  let first = 0;
  while (first < dims.length && strides[first] === 0) first++;
  for (let k = dims.length - 1; k >= first; k--) {
    const s = strides[k]!;
    if (k === first) {
      // The outermost coordinate needs no modulo; one under skipped zero-stride axes does.
      if (s !== 0) lines.push(first === 0 ? `  off += i * ${s};` : `  off += (i % ${dims[k]}) * ${s};`);
    } else {
      if (s !== 0) lines.push(`  off += (i % ${dims[k]}) * ${s};`);
      lines.push(`  i /= ${dims[k]};`);
    }
  }
  lines.push('  return off;', '}');
  return lines.join('\n');
}

/** GLSL statements declaring `int <prefix>0..<prefix>(n-1)`, the coordinates of flat `index` in `dims`. */
export function coordinates(prefix: string, dims: readonly number[], index = 'index'): string {
  if (dims.length === 0) return '';
  const lines = [`int ${prefix}_rest = ${index};`];
  for (let k = dims.length - 1; k > 0; k--) {
    lines.push(`int ${prefix}${k} = ${prefix}_rest % ${dims[k]};`, `${prefix}_rest /= ${dims[k]};`);
  }
  lines.push(`int ${prefix}0 = ${prefix}_rest;`);
  return lines.join('\n  ');
}

/** `a * 12 + b * 3 + c`: a flat offset from coordinate expressions and strides (terms with stride 0 dropped). */
export function dot(coords: readonly string[], strides: readonly number[]): string {
  const terms = coords.flatMap((c, k) => (strides[k] === 0 ? [] : [strides[k] === 1 ? c : `${c} * ${strides[k]}`]));
  return terms.length === 0 ? '0' : terms.join(' + ');
}

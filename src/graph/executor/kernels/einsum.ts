/**
 * Einsum over any equation numpy accepts (explicit or implicit output, `...`
 * broadcasting): every output element sums the product of the operands over the
 * letters that are not in the output.
 */
import { elementCount, type HostTensor } from '../../host-tensor.js';
import type { Kernel, KernelContext } from '../kernel.js';
import { stridesOf, tensorOf } from './tensor-values.js';

/** Replaces `...` in each term by as many fresh letters (uppercase, from the end of its rank) as it spans. */
function expandEllipsis(terms: string[], operands: readonly HostTensor[], ctx: KernelContext): { terms: string[]; ellipsis: string } {
  const fresh = 'ZYXWVUTSRQPONMLKJIHGFEDCBA';
  let widest = 0;
  const expanded = terms.map((term, i) => {
    if (!term.includes('...')) return term;
    const span = operands[i]!.dims.length - (term.length - 3);
    widest = Math.max(widest, span);
    return term.replace('...', fresh.slice(0, span).split('').reverse().join(''));
  });
  const ellipsis = fresh.slice(0, widest).split('').reverse().join('');
  expanded.forEach((t, i) => {
    if (t.length !== operands[i]!.dims.length) ctx.fail(`term "${terms[i]}" does not match operand ${i}'s rank ${operands[i]!.dims.length}`);
  });
  return { terms: expanded, ellipsis };
}

export const einsum: Kernel = (inputs, ctx) => {
  const operands = inputs.filter((t): t is HostTensor => t !== undefined);
  const equation = ctx.attrs.required('equation', 'string').replace(/\s/g, '');
  const [lhs, rhs] = equation.split('->') as [string, string | undefined];
  const parsed = expandEllipsis(lhs.split(','), operands, ctx);
  const { terms } = parsed;
  if (terms.length !== operands.length) ctx.fail(`equation has ${terms.length} operands, the node ${operands.length}`);
  const size = new Map<string, number>();
  terms.forEach((term, i) => [...term].forEach((letter, k) => {
    const d = operands[i]!.dims[k]!;
    const known = size.get(letter);
    if (known === undefined || known === 1) size.set(letter, d);
    else if (d !== known && d !== 1) ctx.fail(`letter ${letter} is ${known} in one operand and ${d} in another`);
  }));
  const counts = new Map<string, number>();
  for (const letter of terms.join('')) counts.set(letter, (counts.get(letter) ?? 0) + 1);
  const output = rhs !== undefined
    ? rhs.replace('...', parsed.ellipsis)
    : parsed.ellipsis + [...counts].filter(([l, n]) => n === 1 && !parsed.ellipsis.includes(l)).map(([l]) => l).sort().join('');
  const summed = [...size.keys()].filter((l) => !output.includes(l));
  const letters = [...output, ...summed];
  const dims = letters.map((l) => size.get(l)!);
  // For each operand, its stride per letter of the loop (0 for letters it lacks or broadcasts).
  const strides = operands.map((t, i) => {
    const own = stridesOf(t.dims);
    return letters.map((l) => [...terms[i]!].reduce((s, ch, k) => (ch === l && t.dims[k] !== 1 ? s + own[k]! : s), 0));
  });
  const outDims = [...output].map((l) => size.get(l)!);
  const out = tensorOf(operands[0]!.type, outDims);
  const inner = elementCount(dims.slice(output.length));
  const coord = new Array<number>(letters.length).fill(0);
  const offsets = operands.map(() => 0);
  const total = elementCount(dims);
  for (let i = 0; i < total; i++) {
    let product = 1;
    for (let j = 0; j < operands.length; j++) product *= operands[j]!.data[offsets[j]!] as number;
    (out.data as Float32Array)[Math.floor(i / inner)]! += product;
    for (let k = letters.length - 1; k >= 0; k--) {
      coord[k]!++;
      for (let j = 0; j < operands.length; j++) offsets[j]! += strides[j]![k]!;
      if (coord[k]! < dims[k]!) break;
      for (let j = 0; j < operands.length; j++) offsets[j]! -= strides[j]![k]! * coord[k]!;
      coord[k] = 0;
    }
  }
  return [out];
};

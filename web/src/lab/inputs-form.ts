/**
 * Section 2: where the inputs come from (the test case's data sets, or seeded random
 * values with the CLI's --shape/--range/--seed per input), which runtimes run, the
 * reference (the test case's `expected` when it has outputs, else onnxruntime-web's
 * wasm EP) and the tolerance.
 */
import { parseImageFlags } from '../../../src/cli/image-flags.js';
import { isFloatType } from '../../../src/graph/host-tensor.js';
import type { RecipeFlags } from '../../../src/runtime/image-recipes.js';
import { EXPECTED_REFERENCE } from '../../../src/runtime/parity/parity-run.js';
import type { Tolerance } from '../../../src/runtime/parity/tensor-comparison.js';
import { byId, h } from '../dom.js';
import type { LabCase } from './lab-case.js';
import type { InputChoice } from './lab-inputs.js';
import { DEFAULT_LAB_REFERENCE, LAB_RUNTIMES } from './lab-runtimes.js';

export interface FormChoice {
  inputs: InputChoice;
  runtimes: string[];
  reference: string;
  tolerance: Tolerance;
}

const form = () => byId<HTMLFormElement>('lab-form');

function field(name: string): HTMLInputElement {
  return form().elements.namedItem(name) as HTMLInputElement;
}

export function setUpForm(c: LabCase): void {
  const { io } = c.model;
  const hasSets = c.dataSets.length > 0;
  const testCase = form().querySelector<HTMLInputElement>('input[name=source][value=test-case]')!;
  testCase.disabled = !hasSets;
  byId('lab-sets-label').textContent = hasSets ? `the test case's ${c.dataSets.length} data set${c.dataSets.length === 1 ? '' : 's'}` : 'the test case\'s data sets (none came with it)';
  form().querySelector<HTMLInputElement>(`input[name=source][value=${hasSets ? 'test-case' : 'random'}]`)!.checked = true;
  // Image files, for models with an image input ([N,C,H,W] or [N,H,W,C], C = 1 or 3).
  byId('lab-images-choice').hidden = io.image === null;
  byId('lab-recipe').hidden = io.image === null;

  const rows = io.inputs.map((input) => {
    const declared = input.dims ? `${input.typeName} [${input.dims.map((d) => d ?? '?').join(',')}]` : `${input.typeName} (no shape)`;
    const needsRange = input.type !== null && !isFloatType(input.type) && input.type !== 'bool';
    return h('tr', { 'data-input': input.name },
      h('td', {}, input.name), h('td', { class: 'muted' }, declared),
      h('td', {}, h('input', { name: `shape:${input.name}`, type: 'text', placeholder: input.dims?.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : d ?? '?')).join(',') ?? 'D0,D1,…' })),
      h('td', {}, h('input', { name: `range:${input.name}`, type: 'text', placeholder: needsRange ? 'required: LO,HI' : input.type === 'bool' ? '0/1' : '0,1' })));
  });
  byId<HTMLTableElement>('lab-input-table').tBodies[0]!.replaceChildren(...rows);

  byId('lab-runtime-list').replaceChildren(
    ...LAB_RUNTIMES.map((r) => h('label', { class: 'inline', title: r.description }, h('input', { type: 'checkbox', name: `runtime:${r.name}`, ...(r.name === 'engine-reference' ? {} : { checked: '' }) }), ` ${r.name}`)),
  );
  const references = [...(hasSets && c.dataSets.some((s) => s.outputs.size > 0) ? [EXPECTED_REFERENCE] : []), ...LAB_RUNTIMES.map((r) => r.name)];
  byId<HTMLSelectElement>('lab-reference').replaceChildren(...references.map((name) => h('option', { value: name }, name === EXPECTED_REFERENCE ? 'expected (the test case\'s outputs)' : name)));
  byId<HTMLSelectElement>('lab-reference').value = references.includes(EXPECTED_REFERENCE) ? EXPECTED_REFERENCE : DEFAULT_LAB_REFERENCE;
  byId('lab-inputs').hidden = false;
}

/** The preprocessing fields as the CLI's flags, parsed by the CLI's own parser. */
function imageFlags(): RecipeFlags {
  const text = (name: string) => field(name).value.trim() || undefined;
  const layout = (form().elements.namedItem('layout') as HTMLSelectElement).value || undefined;
  const values = { resize: text('resize'), 'center-crop': text('center-crop'), mean: text('mean'), std: text('std'), scale: text('scale'), layout, bgr: field('bgr').checked || undefined };
  return parseImageFlags(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
}

function positive(name: string): number {
  const value = Number(field(name).value);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
  return value;
}

export function readForm(c: LabCase): FormChoice {
  const source = form().querySelector<HTMLInputElement>('input[name=source]:checked')?.value ?? 'random';
  const seed = Number(field('seed').value);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('seed must be a whole number >= 0');
  const named = (prefix: string) => new Map(c.model.io.inputs.map((i) => [i.name, field(`${prefix}:${i.name}`).value]));
  let inputs: InputChoice;
  if (source === 'test-case') inputs = { kind: 'test-case' };
  else if (source === 'images') inputs = { kind: 'images', files: [...(byId<HTMLInputElement>('lab-images').files ?? [])], flags: imageFlags() };
  else inputs = { kind: 'random', shapes: named('shape'), ranges: named('range'), seed };
  const runtimes = LAB_RUNTIMES.map((r) => r.name).filter((name) => field(`runtime:${name}`).checked);
  return { inputs, runtimes, reference: byId<HTMLSelectElement>('lab-reference').value, tolerance: { atol: positive('atol'), rtol: positive('rtol') } };
}

/** The dropped model as the lab read it: name, size, opset, external data, data sets, every input and output. */
import { formatShape as formatDims } from '../../../src/graph/format-shape.js';
import type { TensorInfo } from '../../../src/runtime/model-io.js';
import { byId, h } from '../dom.js';
import type { LabCase } from './lab-case.js';

const dims = (t: TensorInfo) => (t.dims ? `[${t.dims.map((d) => d ?? '?').join(',')}]` : '(no shape)');

export function showInterface(c: LabCase): void {
  const { model } = c;
  const bytes = model.bytes.length + model.externalData.reduce((n, f) => n + f.data.length, 0);
  const facts = [
    bytes < 1e6 ? `${Math.ceil(bytes / 1e3)} kB` : `${(bytes / 1e6).toFixed(1)} MB`,
    model.graph ? `opset ${model.graph.opset}, ${model.graph.nodes.length} nodes` : null,
    model.externalData.length ? `external data: ${model.externalData.map((f) => f.path).join(', ')}` : null,
    c.dataSets.length ? `${c.dataSets.length} test data set${c.dataSets.length === 1 ? '' : 's'} (${c.dataSets.map((s) => [...s.inputs.values()].map((t) => formatDims(t.dims)).join(' ')).join('; ')})` : 'no test data',
    model.graph ? null : `our graph reader cannot read it: ${model.graphError}`,
  ].filter((x) => x);
  byId('lab-model-name').textContent = c.name;
  byId('lab-model-facts').textContent = facts.join(' · ');
  const row = (kind: string, t: TensorInfo) => h('tr', {}, h('td', { class: 'muted' }, kind), h('td', {}, t.name), h('td', {}, t.typeName), h('td', {}, dims(t)));
  byId<HTMLTableElement>('lab-interface').tBodies[0]!.replaceChildren(...model.io.inputs.map((t) => row('input', t)), ...model.io.outputs.map((t) => row('output', t)));
  byId('lab-model').hidden = false;
}

/** The few DOM helpers the page needs: find by id (loudly), build elements, say things. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`page: no element #${id}`);
  return found as T;
}

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child) node.append(child);
  return node;
}

/** A status line (the page's, or a section's): progress, and errors a person should see. */
export function say(text: string, kind: 'info' | 'error' = 'info', where = 'status'): void {
  const status = byId(where);
  status.textContent = text;
  status.classList.toggle('error', kind === 'error');
}

/** Scientific notation for differences, fixed for ordinary numbers. */
export function formatDiff(value: number): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  return value < 1e-2 ? value.toExponential(1) : value.toFixed(3);
}

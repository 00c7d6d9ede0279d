/** The one way shapes appear in messages: `[2,3,32,32]`, `[N,3,32,32]`, `[]` for a scalar, `?` for an unknown size. */
export function formatShape(dims: readonly (number | string | null)[]): string {
  return `[${dims.map((d) => d ?? '?').join(',')}]`;
}

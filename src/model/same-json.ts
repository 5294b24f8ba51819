/**
 * Whether two JSON-like values would serialise to the same JSON text (`JSON.stringify(a) === JSON.stringify(b)`),
 * found without making either text and stopping at the first difference: comparing a head's model with its
 * base's costs a walk to where they part, where two texts cost a megabyte each. Keys are compared in order, as the
 * text would; a property that JSON leaves out (undefined) on one side only counts as a difference, which at worst
 * costs an evaluation the texts would have spared.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN and the infinities serialise as null, and equal numbers as equal text: only === matters here.
    return false;
  }
  const arrays = Array.isArray(a);
  if (arrays !== Array.isArray(b)) return false;
  if (arrays) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) if (!sameJson(x[k], y[k])) return false;
    return true;
  }
  const kx = Object.keys(a);
  const ky = Object.keys(b);
  if (kx.length !== ky.length) return false;
  for (let k = 0; k < kx.length; k++) {
    const key = kx[k]!;
    if (key !== ky[k] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

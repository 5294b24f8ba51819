import { parse } from 'smol-toml';
import type { NamedLiteral } from './types.js';

/** `api_key = "literal"` at any table depth. smol-toml keeps no positions: the line is the first that holds the value. */
export function tomlLiterals(text: string): NamedLiteral[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch {
    return [];
  }
  const lines = text.split('\n');
  const out: NamedLiteral[] = [];
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string') {
          const i = lines.findIndex((l) => l.includes(x));
          out.push({ name: k, value: x, line: i + 1 });
        } else stack.push(x);
      }
    }
  }
  return out;
}

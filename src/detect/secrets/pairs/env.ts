import type { NamedLiteral } from './types.js';

/**
 * A dotenv file is one `[export] KEY=value` per line (the format has no grammar beyond that); quotes are
 * stripped and an unquoted value ends at ` #`.
 */
export function envLiterals(text: string): NamedLiteral[] {
  const out: NamedLiteral[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) return;
    let value = m[2].trim();
    const q = /^(["'])(.*)\1$/.exec(value);
    value = q ? q[2] : value.replace(/\s+#.*$/, '');
    out.push({ name: m[1], value, line: i + 1 });
  });
  return out;
}

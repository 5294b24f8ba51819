/**
 * Helm templates are Go templates around YAML. Rendering them needs Helm; instead their actions are neutralised so
 * the YAML parser can still read the structure:
 * - an action inside a line becomes a placeholder `__tpl_N__` (the table keeps the action text);
 * - a line made only of control actions (if/else/end/with/range/define) becomes an empty line;
 * - a line made only of an output action (`toYaml .Values.x | nindent 8`, `include ...`) under a `key:` with no value
 *   becomes `__helm__: "<action>"` at that indentation, so the key reads as "templated", not as empty.
 * Line numbers are preserved: every input line maps to exactly one output line.
 */

export const HELM_KEY = '__helm__';
const PLACEHOLDER = /__tpl_(\d+)__/g;

export interface Neutralised {
  text: string;
  /** Action text (without delimiters and trim markers) by placeholder index. */
  actions: string[];
}

const CONTROL = /^(if|else|end|with|range|define|block|template\s+"[^"]*"\s*$|\/\*|-?\s*\/\*|break|continue)\b/;

export function neutraliseHelm(text: string): Neutralised {
  const actions: string[] = [];
  // Multi-line actions (comments mostly) are first folded into their first line, keeping the line count.
  const folded = text.replace(/\{\{[\s\S]*?\}\}/g, (m) => {
    if (!m.includes('\n')) return m;
    const lines = m.split('\n').length - 1;
    return m.replace(/\n/g, ' ') + '\n'.repeat(lines);
  });
  const out: string[] = [];
  const withStack: string[] = [];
  let lastKeyIndent = -1;
  for (const raw of folded.split('\n')) {
    const trimmed = raw.trim();
    const whole = /^(\{\{-?\s*([\s\S]*?)\s*-?\}\}\s*)+$/.test(trimmed);
    if (whole) {
      const acts = [...trimmed.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)].map((m) => m[1]);
      const output = acts.filter((a) => !CONTROL.test(a) && !a.startsWith('/*') && !a.startsWith('$'));
      for (const a of acts) {
        const w = /^with\s+(\.Values\.[\w.]+)/.exec(a);
        if (w) withStack.push(w[1]);
        else if (/^(if|range|define|block)\b/.test(a)) withStack.push('');
        else if (/^end\b/.test(a)) withStack.pop();
      }
      const indent = raw.length - raw.trimStart().length;
      if (output.length > 0 && lastKeyIndent >= 0 && indent > lastKeyIndent) {
        const scope = withStack.filter(Boolean).pop();
        const act = output.map((a) => (scope ? a.replace(/(^|\s)\.(?=\s|$|\s*\|)/, `$1${scope}`) : a)).join(' ');
        out.push(' '.repeat(indent) + `${HELM_KEY}: ${JSON.stringify(act)}`);
        lastKeyIndent = -1;
      } else out.push('');
      continue;
    }
    const line = raw.replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_m, a: string) => {
      actions.push(a);
      return `__tpl_${actions.length - 1}__`;
    });
    // A `key:` (or `- key:`) that opens a block: the next whole-line output action is its value.
    const key = /^(\s*)(-\s+)?[^\s#][^:#]*:\s*(#.*)?$/.exec(line);
    lastKeyIndent = key ? key[1].length + (key[2]?.length ?? 0) : trimmed === '' ? lastKeyIndent : -1;
    out.push(line);
  }
  return { text: out.join('\n'), actions };
}

export function hasPlaceholder(s: string): boolean {
  return s.includes('__tpl_');
}

/** `.Values.image.repository` style references inside a placeholder-bearing string, in order. */
export function valuesRefs(s: string, actions: string[]): string[] {
  const refs: string[] = [];
  for (const m of s.matchAll(PLACEHOLDER)) {
    const a = actions[Number(m[1])] ?? '';
    for (const r of a.matchAll(/\.Values\.([\w.]+)/g)) refs.push(r[1]);
  }
  return refs;
}

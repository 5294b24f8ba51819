import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit, type Node } from 'yaml';
import { yamlNestingProblem } from '../../../yaml-guard.js';
import type { NamedLiteral } from './types.js';

/**
 * YAML and JSON (a JSON text is YAML): `key: "literal"` pairs at any depth, Kubernetes `{name: X, value: "..."}`
 * env entries, and compose `environment: ["KEY=literal"]` items. Aliases are not expanded and nesting is
 * bounded first (src/yaml-guard.ts), so a hostile file stays cheap. Unparseable text yields nothing here; the
 * detectors that own the format report the parse error.
 */
export function yamlLiterals(text: string): NamedLiteral[] {
  if (yamlNestingProblem(text)) return [];
  const lines = new LineCounter();
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines, customTags: [], uniqueKeys: false, prettyErrors: false });
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const out: NamedLiteral[] = [];
  const line = (n: Node | null | undefined) => lines.linePos(n?.range?.[0] ?? 0).line;
  for (const doc of docs) {
    visit(doc, {
      Pair(_k, pair) {
        if (isScalar(pair.key) && isScalar(pair.value) && typeof pair.value.value === 'string') {
          out.push({ name: String(pair.key.value), value: pair.value.value, line: line(pair.value) });
        }
      },
      Map(_k, map) {
        const get = (k: string) => map.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === k)?.value;
        const name = get('name');
        const value = get('value');
        if (isScalar(name) && isScalar(value) && typeof name.value === 'string' && typeof value.value === 'string') {
          out.push({ name: name.value, value: value.value, line: line(value) });
        }
      },
      Seq(_k, seq) {
        if (!isSeq(seq)) return;
        for (const item of seq.items) {
          if (isMap(item) || !isScalar(item) || typeof item.value !== 'string') continue;
          const m = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/.exec(item.value);
          if (m) out.push({ name: m[1], value: m[2], line: line(item) });
        }
      },
    });
  }
  return out;
}

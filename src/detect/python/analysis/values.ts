import type { SyntaxNode } from '@lezer/common';
import { children, textOf, type PyModule } from './module.js';

export interface Arg {
  /** Keyword name; undefined for positional and splatted arguments. */
  name?: string;
  star?: '*' | '**';
  value: SyntaxNode;
}

export function readArgs(mod: PyModule, argList: SyntaxNode | undefined): Arg[] {
  if (!argList) return [];
  const out: Arg[] = [];
  const kids = children(argList).filter((k) => k.name !== '(' && k.name !== ')');
  let i = 0;
  while (i < kids.length) {
    const k = kids[i]!;
    if (k.name === ',') {
      i++;
      continue;
    }
    if (k.name === 'VariableName' && kids[i + 1]?.name === 'AssignOp' && kids[i + 2]) {
      out.push({ name: textOf(mod, k), value: kids[i + 2]! });
      i += 3;
      continue;
    }
    if ((k.name === '*' || k.name === '**') && kids[i + 1]) {
      out.push({ star: k.name, value: kids[i + 1]! });
      i += 2;
      continue;
    }
    out.push({ value: k });
    i++;
  }
  return out;
}

export function kwarg(args: Arg[], ...names: string[]): Arg | undefined {
  for (const n of names) {
    const hit = args.find((a) => a.name === n);
    if (hit) return hit;
  }
  return undefined;
}

export function positional(args: Arg[], index: number): Arg | undefined {
  return args.filter((a) => a.name === undefined && !a.star)[index];
}

/** The literal text of a plain or implicitly concatenated string; undefined for f-strings with holes. */
export function stringValue(mod: PyModule, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.name === 'ContinuedString') {
    const parts = children(node).map((c) => stringValue(mod, c));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.name === 'FormatString') {
    if (node.firstChild) return undefined;
  } else if (node.name !== 'String') return undefined;
  const raw = textOf(mod, node);
  const m = /^([rRbBuUfF]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(raw);
  if (!m) return undefined;
  // Template placeholders (`{{cookiecutter.x}}`, Jinja) are not values the code will run with.
  if (/\{\{|\{%/.test(m[3]!)) return undefined;
  return m[3];
}

export function boolValue(mod: PyModule, node: SyntaxNode | undefined): boolean | undefined {
  if (node?.name !== 'Boolean') return undefined;
  return textOf(mod, node) === 'True';
}

export function numberValue(mod: PyModule, node: SyntaxNode | undefined): number | undefined {
  if (node?.name !== 'Number') return undefined;
  const n = Number(textOf(mod, node).replace(/_/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

const SEQUENCES = new Set(['ArrayExpression', 'TupleExpression', 'SetExpression']);

export function isSequence(node: SyntaxNode): boolean {
  return SEQUENCES.has(node.name);
}

/** Items of a list/tuple/set literal; `*x` items come back as the splatted expression. */
export function listItems(node: SyntaxNode): SyntaxNode[] {
  if (!SEQUENCES.has(node.name)) return [];
  return children(node).filter((c) => !['[', ']', '(', ')', '{', '}', ',', '*'].includes(c.name));
}

export interface DictEntry {
  key?: string;
  keyNode: SyntaxNode;
  value: SyntaxNode;
}

export function dictEntries(mod: PyModule, node: SyntaxNode): DictEntry[] {
  if (node.name !== 'DictionaryExpression') return [];
  const kids = children(node).filter((c) => !['{', '}', ','].includes(c.name));
  const out: DictEntry[] = [];
  for (let i = 0; i + 2 < kids.length; ) {
    const key = kids[i];
    const colon = kids[i + 1];
    const value = kids[i + 2];
    if (key && colon?.name === ':' && value) {
      const entry: DictEntry = { keyNode: key, value };
      const k = stringValue(mod, key);
      if (k !== undefined) entry.key = k;
      out.push(entry);
      i += 3;
    } else i++;
  }
  return out;
}

export function dictGet(mod: PyModule, node: SyntaxNode, key: string): SyntaxNode | undefined {
  return dictEntries(mod, node).find((e) => e.key === key)?.value;
}

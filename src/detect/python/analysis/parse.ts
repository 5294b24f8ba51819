import type { SyntaxNode, Tree } from '@lezer/common';
import { pythonTree } from './tree-once.js';
import { lastAtOrBelow, lineStarts } from '../../../model/order.js';

export interface ParsedPython {
  tree: Tree;
  text: string;
  /** Offsets at which each line starts, for 1-based line lookup. */
  lineStarts: number[];
  /** Line of the first syntax error lezer recovered from, ignoring its known grammar gaps. */
  firstErrorLine?: number;
}

export function parsePython(text: string): ParsedPython {
  let tree = pythonTree(text);
  // Same-length patch, so every offset still points into the original text.
  const patched = unparenthesizeWithTargets(tree, text);
  if (patched !== text) tree = pythonTree(patched);
  const parsed: ParsedPython = { tree, text, lineStarts: lineStarts(text) };
  const err = firstRealError(tree, text);
  if (err !== undefined) parsed.firstErrorLine = lineAt(parsed, err);
  return parsed;
}

export function lineAt(parsed: { lineStarts: number[] }, offset: number): number {
  return lastAtOrBelow(parsed.lineStarts, offset) + 1;
}

/**
 * `async with stdio_client(p) as (read, write):` is valid Python that lezer-python cannot read, and the error
 * derails its indentation tracking for the rest of the file (every later body comes out empty). The target tuple's
 * parentheses are blanked (`as  read, write :`, same length), which lezer reads as with-items: the structure of the
 * file survives and only the binding of the second name is lost.
 */
function unparenthesizeWithTargets(tree: Tree, text: string): string {
  if (!/\bas[ \t]*\(/.test(text)) return text;
  const opens: number[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'as' || ref.node.parent?.name !== 'WithStatement') return undefined;
      let i = ref.to;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (text[i] === '(') opens.push(i);
      return false;
    },
  });
  if (!opens.length) return text;
  const chars = text.split('');
  for (const open of opens) {
    let depth = 0;
    for (let i = open; i < text.length && i < open + 300; i++) {
      const ch = text[i];
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) {
        chars[open] = ' ';
        chars[i] = ' ';
        break;
      } else if (ch === ':' || ch === '\n' || ch === '"' || ch === "'") break;
    }
  }
  return chars.join('');
}

/**
 * lezer-python 1.1 does not know bare `yield`, empty class patterns, parenthesised with-items (`with (a as b, c as d):`) nor tuple targets
 * (`async with stdio_client(p) as (read, write):`), both valid and common in MCP code; errors there are the
 * grammar's, not the file's, so they must not become parse-error diagnostics.
 */
function firstRealError(tree: Tree, text: string): number | undefined {
  let found: number | undefined;
  let gapSeen = false;
  tree.iterate({
    enter(ref) {
      if (found !== undefined || gapSeen) return false;
      if (!ref.type.isError) return undefined;
      // After a grammar gap lezer's indentation state can be off for the rest of the file, so later errors may be
      // its own; only an error before any gap is surely the file's.
      if (isKnownGrammarGap(ref.node) || nearGapWith(text, ref.from)) gapSeen = true;
      else found = ref.from;
      return false;
    },
  });
  return found;
}

const GAP_WITH = /^[ \t]*(async[ \t]+)?with\b(.*\bas[ \t]*\(|[ \t]*\()/;

/** The error sits on such a with-line, or just before one (an emptied function body). */
function nearGapWith(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  if (GAP_WITH.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) return true;
  const rest = text.slice(offset, offset + 400).split('\n');
  const next = rest.slice(rest[0]!.trim() === '' ? 1 : 0).find((l) => l.trim() !== '');
  return next !== undefined && GAP_WITH.test(next);
}

function isKnownGrammarGap(err: SyntaxNode): boolean {
  const parent = err.parent;
  if (!parent) return false;
  for (let p: SyntaxNode | null = parent; p; p = p.parent) {
    if (p.name === 'WithStatement') return true;
    if (p.name === 'Body' || p.name === 'Script') break;
  }
  if (parent.name === 'Decorator') return true;
  // Bare `yield` / `x = yield` and empty class patterns `case Foo():` are valid Python lezer cannot read.
  if (parent.name === 'YieldStatement' || parent.name === 'YieldExpression') return err.from === err.to;
  if (parent.name === 'LiteralPattern' && parent.parent?.name === 'PatternArgList') return true;
  // The tuple after `as` is re-read as an annotated assignment `(read, write):` right after the with.
  if (parent.name === 'TypeDef') {
    const stmt = parent.parent;
    const prev = stmt?.prevSibling;
    return stmt?.name === 'AssignStatement' && stmt.firstChild?.name === 'TupleExpression' && prev?.name === 'WithStatement';
  }
  return false;
}

import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';

export interface ParsedPython {
  tree: Tree;
  text: string;
  /** Offsets at which each line starts, for 1-based line lookup. */
  lineStarts: number[];
  /** Line of the first syntax error lezer recovered from, ignoring its known grammar gaps. */
  firstErrorLine?: number;
}

export function parsePython(text: string): ParsedPython {
  const tree = parser.parse(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const parsed: ParsedPython = { tree, text, lineStarts };
  const err = firstRealError(tree, text);
  if (err !== undefined) parsed.firstErrorLine = lineAt(parsed, err);
  return parsed;
}

export function lineAt(parsed: { lineStarts: number[] }, offset: number): number {
  const starts = parsed.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * lezer-python 1.1 does not know parenthesised with-items (`with (a as b, c as d):`) nor tuple targets
 * (`async with stdio_client(p) as (read, write):`), both valid and common in MCP code; errors there are the
 * grammar's, not the file's, so they must not become parse-error diagnostics.
 */
function firstRealError(tree: Tree, text: string): number | undefined {
  const errors: { from: number; gap: boolean }[] = [];
  tree.iterate({
    enter(ref) {
      if (!ref.type.isError) return undefined;
      errors.push({ from: ref.from, gap: isKnownGrammarGap(ref.node) || nearGapWith(text, ref.from) });
      return false;
    },
  });
  // After a gap, lezer loses the with-statement's body; the indented lines below it are not the file's errors.
  let zoneEnd = -1;
  for (const e of errors) {
    if (e.gap) {
      zoneEnd = Math.max(zoneEnd, indentedBlockEnd(text, e.from));
      continue;
    }
    if (e.from <= zoneEnd) continue;
    return e.from;
  }
  return undefined;
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

/** End offset of the block indented deeper than the line holding `offset`. */
function indentedBlockEnd(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0].length;
  let pos = text.indexOf('\n', offset);
  while (pos >= 0 && pos < text.length) {
    const next = pos + 1;
    const end = text.indexOf('\n', next);
    const lineText = text.slice(next, end < 0 ? text.length : end);
    if (lineText.trim() !== '' && /^[ \t]*/.exec(lineText)![0].length <= indent) return next - 1;
    if (end < 0) return text.length;
    pos = end;
  }
  return text.length;
}

function isKnownGrammarGap(err: SyntaxNode): boolean {
  const parent = err.parent;
  if (!parent) return false;
  if (parent.name === 'WithStatement') return true;
  // The tuple after `as` is re-read as an annotated assignment `(read, write):` right after the with.
  if (parent.name === 'TypeDef') {
    const stmt = parent.parent;
    const prev = stmt?.prevSibling;
    return stmt?.name === 'AssignStatement' && stmt.firstChild?.name === 'TupleExpression' && prev?.name === 'WithStatement';
  }
  return false;
}

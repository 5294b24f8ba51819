import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser';
import type { Findings } from '../types.js';

/** A Jupyter notebook's Python: its code cells one after another, and where each line sits in the notebook file. */
export interface NotebookCode {
  python: string;
  /** The notebook file's line (1-based) of a line of `python` (1-based). */
  lineOf(pyLine: number): number;
  /** The first syntax error in the notebook's JSON, when it has one (what could be read is still in `python`). */
  error?: { line: number; message: string };
}

/** A line magic, a shell escape, or IPython's automagic `pip install` (no `%` needed), which are no Python. */
const MAGIC = /^\s*(?:[%!]|(?:pip3?|conda|mamba)\s+[a-z])/;

export function isNotebook(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

/**
 * The code cells of an nbformat 4 notebook (`cells[].source`, a list of lines or one string), read by a JSON
 * scanner that reports each string's line in the file, so that findings point at the notebook's own lines. Cell
 * magics (`%%bash`) make a cell no Python, and are left out; line magics and shell escapes (`%pip`, `!ls`, a bare
 * `pip install`) are blanked, keeping the lines after them in place. Outputs, often megabytes of images, are never decoded.
 */
export function notebookCode(text: string): NotebookCode {
  const cells = new Map<number, { type?: string; pieces: { text: string; line: number }[] }>();
  const cellAt = (i: number) => {
    let c = cells.get(i);
    if (!c) cells.set(i, (c = { pieces: [] }));
    return c;
  };
  let error: NotebookCode['error'];
  const visitor = {
    onLiteralValue(value: unknown, _offset: number, _length: number, startLine: number, _startCharacter: number, pathSupplier: () => (string | number)[]) {
      const path = pathSupplier();
      if (path[0] !== 'cells' || typeof path[1] !== 'number') return;
      if (path.length === 3 && path[2] === 'cell_type' && typeof value === 'string') cellAt(path[1]).type = value;
      else if (path[2] === 'source' && typeof value === 'string' && (path.length === 3 || (path.length === 4 && typeof path[3] === 'number'))) {
        cellAt(path[1]).pieces.push({ text: value, line: startLine + 1 });
      }
    },
    onError(code: ParseErrorCode, _offset: number, _length: number, startLine: number) {
      error ??= { line: startLine + 1, message: `notebook JSON is malformed (${printParseErrorCode(code)}); read what parsed` };
    },
  };
  try {
    visit(text, visitor, { disallowComments: true });
  } catch (e) {
    // The scanner recurses per nesting level: a hostile file nested 100,000 deep ends it, keeping what it read.
    if (!(e instanceof RangeError)) throw e;
    error ??= { line: 1, message: 'notebook JSON nested too deep to read; read what parsed' };
  }
  const lines: string[] = [];
  const at: number[] = [];
  for (const i of [...cells.keys()].sort((a, b) => a - b)) {
    const cell = cells.get(i)!;
    if (cell.type !== 'code') continue;
    const own: { text: string; line: number }[] = [];
    for (const p of cell.pieces) {
      const split = p.text.split('\n');
      // A piece ending in a newline (each line of a list does) ends its line there.
      if (split.length > 1 && split[split.length - 1] === '') split.pop();
      for (const t of split) own.push({ text: t, line: p.line });
    }
    if (own.length && /^\s*%%/.test(own[0]!.text)) continue;
    for (const l of own) {
      lines.push(MAGIC.test(l.text) ? '' : l.text);
      at.push(l.line);
    }
    // A blank line between cells, so that one cell's open block never swallows the next.
    lines.push('');
    at.push(own.at(-1)?.line ?? 1);
  }
  return { python: lines.join('\n'), lineOf: (n) => at[n - 1] ?? at.at(-1) ?? 1, ...(error ? { error } : {}) };
}

/** Findings made from a notebook's Python, with every line of this file put back to the notebook's line. */
export function onNotebookLines(f: Findings, path: string, lineOf: (pyLine: number) => number): Findings {
  // An evidence object may sit in two lists (a component's and its edge's): each is moved once.
  const moved = new Set<object>();
  const fix = (e: { path: string; line?: number }) => {
    if (moved.has(e) || e.path !== path || typeof e.line !== 'number' || e.line <= 0) return;
    moved.add(e);
    e.line = lineOf(e.line);
  };
  for (const c of f.components) c.evidence.forEach(fix);
  for (const e of f.edges) e.evidence.forEach(fix);
  for (const r of f.refs) r.evidence.forEach(fix);
  for (const fw of f.frameworks) fw.evidence.forEach(fix);
  f.diagnostics.forEach(fix);
  return f;
}

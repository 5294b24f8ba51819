import type { Tree } from '@lezer/common';
import { lazyGrammar } from '../../budget.js';

/**
 * Lezer's Python grammar, loaded on the first Python file to parse: building its parse tables costs about 20 ms,
 * which a run that parses no Python (a TS repository, a diff read back from the cache) need not pay at start.
 */
const python = lazyGrammar('Python', () => import('@lezer/python').then((m) => m.parser));
export const loadPython = python.load;

/** The last texts parsed: a file's own text, and the patched copy parsePython may parse after it. */
const recent: { text: string; tree: Tree }[] = [];
const KEPT = 2;

/**
 * Lezer's tree of a Python text (within the file's time budget), parsed once for the detectors that read the same
 * file one after the other: the Python rules and the secrets detector's `name = literal` reader. Trees are
 * immutable, so sharing one is safe; detection streams files, so only the latest are kept.
 */
export function pythonTree(text: string): Tree {
  for (const r of recent) if (r.text === text) return r.tree;
  const tree = python.parse(text);
  recent.unshift({ text, tree });
  if (recent.length > KEPT) recent.pop();
  return tree;
}

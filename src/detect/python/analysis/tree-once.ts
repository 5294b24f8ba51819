import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';
import { parseWithin } from '../../budget.js';

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
  const tree = parseWithin(parser, text);
  recent.unshift({ text, tree });
  if (recent.length > KEPT) recent.pop();
  return tree;
}

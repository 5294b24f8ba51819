import type { SourceEntry } from './types.js';

/** What a tree record is, as far as listing cares: a file's bytes, a symbolic link, or no blob (a submodule). */
export const FILE = 0;
export const LINK = 1;
export const OTHER = 2;
export type Kind = typeof FILE | typeof LINK | typeof OTHER;

/**
 * Every record of a commit's tree under the scanned folder (`git ls-tree -r -l`), in git's order. An entry's
 * `blobId` is the record's object id (a commit id for a submodule) and `size` is 0 where git gives none. Files
 * keep these entry objects when listed, so a listing allocates nothing per file beyond the tree.
 */
export interface Tree {
  entries: SourceEntry[];
  kinds: Kind[];
  /** Some path is not valid UTF-8 (or holds U+FFFD): its decoded form neither sorts nor matches as git's bytes do. */
  oddNames: boolean;
}

/**
 * Parses `git ls-tree -r -l -z` output: `<mode> <type> <id> <size>\t<path>\0` per record, the size padded with
 * spaces (`-` for a submodule). One decode of the whole output, then index arithmetic: paths and ids are slices
 * of that one string, not copies, and no record is split into an array.
 */
export function parseLsTree(out: Buffer): Tree {
  const text = out.toString('utf8');
  const entries: SourceEntry[] = [];
  const kinds: Kind[] = [];
  // One search of the whole text spares one per path in the usual tree, where no name has it.
  const odd = text.includes('\ufffd');
  let oddNames = false;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let end = text.indexOf('\0', pos);
    if (end < 0) end = n;
    const tab = text.indexOf('\t', pos);
    if (tab < 0 || tab > end) throw new Error(`unexpected ls-tree record: ${JSON.stringify(text.slice(pos, end))}`);
    const modeEnd = text.indexOf(' ', pos);
    const idStart = text.indexOf(' ', modeEnd + 1) + 1;
    let idEnd = text.indexOf(' ', idStart);
    if (idEnd < 0 || idEnd > tab) idEnd = tab;
    let size = 0;
    for (let i = idEnd; i < tab; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) size = size * 10 + (c - 48);
    }
    // `blob` is the only type whose name starts with b; 120000 is git's one mode for a symbolic link.
    const blob = text.charCodeAt(modeEnd + 1) === 98;
    const kind: Kind = !blob ? OTHER : modeEnd - pos === 6 && text.startsWith('120000', pos) ? LINK : FILE;
    const path = text.slice(tab + 1, end);
    if (odd && !oddNames && path.includes('\ufffd')) oddNames = true;
    entries.push({ path, size, blobId: text.slice(idStart, idEnd) });
    kinds.push(kind);
    pos = end + 1;
  }
  return { entries, kinds, oddNames };
}

/** A mode as git prints it (octal) to a kind: the file-type bits decide. */
export function kindOfMode(mode: string): Kind {
  const type = parseInt(mode, 8) & 0o170000;
  if (type === 0o120000) return LINK;
  return type === 0o100000 ? FILE : OTHER;
}

/**
 * Git's order of paths: by their UTF-8 bytes, which is the order of code points. UTF-16 code units (`cmp`) agree
 * except that a code point above U+FFFF (a surrogate pair) must sort after U+E000..U+FFFF.
 */
export function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** First index in `[from, list.length)` of a `list` ascending by `compare` whose path is not below `path`. */
export function lowerBound<T>(list: readonly T[], path: string, pathOf: (t: T) => string, compare: (a: string, b: string) => number, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(pathOf(list[mid]!), path) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

import type { Diagnostic } from '../model/types.js';
import { cmp, inOrder } from '../model/order.js';
import { NOT_UTF8, unreadableName } from './limits.js';
import { LINK, type Kind, type Tree } from './tree.js';
import type { SourceEntry } from './types.js';

/** What `Source.list` gives: files to analyse in `cmp` order of path, and the skipped ones' diagnostics, also in that order. */
export interface Listing {
  entries: SourceEntry[];
  diagnostics: Diagnostic[];
  /**
   * Set when `entries` holds only the paths that changed since the commit this listing was derived from, and the
   * root files asked for (see `KeptListing`): the full listing's present paths (`presentPaths`) and entry count.
   * Only a caller that takes every other file's findings from that commit can use it; others ask `listAll`.
   */
  partial?: { paths: string[]; entries: number };
}

/** Diagnostics of files a listing does not hand on for reading but which are there all the same. */
export const PRESENT = new Set(['skipped-size', 'skipped-link']);

/**
 * Every path the listing kept, in `cmp` order: the entries, and the files it did not hand on for reading (over
 * the size cap, links), which are still there for the model (a 1 MB `uv.lock` is a lockfile all the same).
 */
export function presentPaths(listed: Listing): string[] {
  if (listed.partial) return listed.partial.paths;
  const paths = listed.entries.map((e) => e.path);
  const more = listed.diagnostics.filter((d) => PRESENT.has(d.code)).map((d) => d.path);
  return more.length ? [...new Set([...paths, ...more])].sort(cmp) : paths;
}

/**
 * One tree record's part of a listing: nothing (ignored, a submodule), a diagnostic (a name that is not UTF-8, a
 * link, a file over the size cap) or an entry. The one rule for a fresh listing and for one derived from another
 * commit's, so they cannot drift apart.
 */
export function listRecord(e: SourceEntry, kind: Kind, ignored: (path: string) => boolean, maxFileBytes: number, out: Listing, oddNames = true): void {
  if (kind > LINK || ignored(e.path)) return; // submodules are not ours to read
  if (oddNames && e.path.includes(NOT_UTF8)) out.diagnostics.push(unreadableName(e.path));
  else if (kind === LINK) out.diagnostics.push({ path: e.path, code: 'skipped-link', message: 'symbolic link not followed' });
  else if (e.size > maxFileBytes) out.diagnostics.push({ path: e.path, code: 'skipped-size', message: `file is ${e.size} bytes, over the ${maxFileBytes}-byte limit` });
  else out.entries.push(e);
}

/**
 * The listing of a tree. Git's order is bytewise, which `cmp` (UTF-16 code units) shares for every path without
 * a code point above U+FFFF: the usual tree needs one pass to confirm the order, not a sort of every entry.
 */
export function listTree(tree: Tree, ignored: (path: string) => boolean, maxFileBytes: number): Listing {
  const out: Listing = { entries: [], diagnostics: [] };
  const { entries, kinds, oddNames } = tree;
  for (let i = 0; i < entries.length; i++) listRecord(entries[i]!, kinds[i]!, ignored, maxFileBytes, out, oddNames);
  if (!inOrder(out.entries, byPath)) out.entries.sort(byPath);
  if (!inOrder(out.diagnostics, byPath)) out.diagnostics.sort(byPath);
  return out;
}

const byPath = (a: { path: string }, b: { path: string }) => cmp(a.path, b.path);

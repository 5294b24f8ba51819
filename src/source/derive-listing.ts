import { cmp } from '../model/order.js';
import type { TreeChange } from './git.js';
import { NOT_UTF8 } from './limits.js';
import { listRecord, type Listing } from './listing.js';
import { byCodePoint, kindOfMode, lowerBound, OTHER, type Kind, type Tree } from './tree.js';
import type { SourceEntry } from './types.js';

/** A commit's tree as listed in this run, with the ignore rules its listing applied. */
export interface Listed {
  /** Absent when the listing was derived from a kept listing, which holds no tree. */
  tree?: Tree;
  listing: Listing;
  ignored: (path: string) => boolean;
  /** The `.maestroignore` text `ignored` applies ('' when there is none). */
  ignoreText: string;
  maxFileBytes: number;
}

const IGNORE_FILE = '.maestroignore';
const STATUSES = new Set(['A', 'D', 'M', 'T']);
const MAX_CHANGES = 10_000;

/**
 * The object ids whose sizes `deriveListed` needs: the blobs the change adds or rewrites (a submodule has none).
 */
export function idsToSize(changes: readonly TreeChange[]): string[] {
  return changes.filter((c) => c.status !== 'D' && kindOfMode(c.dstMode) !== OTHER).map((c) => c.dstId);
}

/**
 * Another commit's tree and listing from this one's and the paths that differ (`git diff-tree --raw`, with the
 * sizes of the new blobs): what a fresh `ls-tree` of the other commit would give, at the cost of the few changed
 * paths. Every path's listing depends on that path alone once the ignore rules are fixed, so unchanged paths keep
 * their entries and diagnostics and each changed one is listed by the rule a fresh listing uses.
 *
 * Undefined (list afresh) for anything this cannot answer exactly: an edit to the ignore rules, names that are not
 * UTF-8 (their decoded forms neither sort nor match as git's bytes do), a mode or status git plumbing should not
 * give here, a size git did not report, a change that does not fit the tree it is applied to, or one so large that
 * listing afresh costs no more.
 */
export function deriveListed(base: Listed, changes: readonly TreeChange[], sizes: ReadonlyMap<string, number | undefined>): Listed | undefined {
  // A listing derived from a kept one has no tree to patch.
  if (!base.tree || base.tree.oddNames) return undefined;
  const head = changedRecords(changes, sizes);
  if (!head) return undefined;
  const tree = patchTree(base.tree, changes, head);
  if (!tree) return undefined;

  // The listing: unchanged paths as the base listed them, changed ones listed again, all in `cmp` order.
  const paths = [...head.keys()].sort(cmp);
  const added: Listing = { entries: [], diagnostics: [] };
  for (const p of paths) {
    const h = head.get(p);
    if (h) listRecord(h.entry, h.kind, base.ignored, base.maxFileBytes, added);
  }
  const listing: Listing = {
    entries: patchSorted(base.listing.entries, paths, added.entries, (e) => e.path),
    diagnostics: patchSorted(base.listing.diagnostics, paths, added.diagnostics, (d) => d.path),
  };
  return { tree, listing, ignored: base.ignored, ignoreText: base.ignoreText, maxFileBytes: base.maxFileBytes };
}

/**
 * What each changed path holds in the other commit (undefined: deleted), or undefined when the change is one a
 * derived listing cannot answer exactly (see `deriveListed`).
 */
export function changedRecords(changes: readonly TreeChange[], sizes: ReadonlyMap<string, number | undefined>): Map<string, { entry: SourceEntry; kind: Kind } | undefined> | undefined {
  // A change of most of a tree costs as much to apply as to list.
  if (changes.length > MAX_CHANGES) return undefined;
  const head = new Map<string, { entry: SourceEntry; kind: Kind } | undefined>();
  for (const c of changes) {
    if (!STATUSES.has(c.status) || c.path === IGNORE_FILE || c.path.includes(NOT_UTF8) || head.has(c.path)) return undefined;
    if (c.status === 'D') {
      head.set(c.path, undefined);
      continue;
    }
    if (!knownMode(c.dstMode)) return undefined;
    const kind = kindOfMode(c.dstMode);
    const size = kind === OTHER ? 0 : sizes.get(c.dstId);
    if (size === undefined) return undefined;
    head.set(c.path, { entry: { path: c.path, size, blobId: c.dstId }, kind });
  }
  return head;
}

/** Modes git writes into trees for regular files, executables, links and submodules. */
function knownMode(mode: string): boolean {
  const type = parseInt(mode, 8) & 0o170000;
  return /^[0-7]{6}$/.test(mode) && (type === 0o100000 || type === 0o120000 || type === 0o160000);
}

/** The base tree with each change applied at its place in git's order; undefined when a change does not fit. */
function patchTree(base: Tree, changes: readonly TreeChange[], head: ReadonlyMap<string, { entry: SourceEntry; kind: Kind } | undefined>): Tree | undefined {
  const sorted = [...changes].sort((a, b) => byCodePoint(a.path, b.path));
  // Unchanged runs are copied as slices (a memory copy), the few changed records put between them.
  const entryParts: SourceEntry[][] = [];
  const kindParts: Kind[][] = [];
  let next = 0;
  for (const c of sorted) {
    const at = lowerBound(base.entries, c.path, (e) => e.path, byCodePoint, next);
    const present = at < base.entries.length && base.entries[at]!.path === c.path;
    // An added path must be new; any other change must find the path, with the kind the change says it had.
    if (present !== (c.status !== 'A') || (present && base.kinds[at] !== kindOfMode(c.srcMode))) return undefined;
    entryParts.push(base.entries.slice(next, at));
    kindParts.push(base.kinds.slice(next, at));
    next = present ? at + 1 : at;
    const h = head.get(c.path);
    if (h) entryParts.push([h.entry]), kindParts.push([h.kind]);
  }
  entryParts.push(base.entries.slice(next));
  kindParts.push(base.kinds.slice(next));
  return { entries: ([] as SourceEntry[]).concat(...entryParts), kinds: ([] as Kind[]).concat(...kindParts), oddNames: false };
}

/**
 * `base` (ascending by `cmp` of path, one item per path) without the items at `paths` (ascending) and with `added`
 * (ascending, each at one of `paths`) in their places.
 */
export function patchSorted<T>(base: readonly T[], paths: readonly string[], added: readonly T[], pathOf: (t: T) => string): T[] {
  const parts: T[][] = [];
  let next = 0;
  let a = 0;
  for (const p of paths) {
    const at = lowerBound(base, p, pathOf, cmp, next);
    parts.push(base.slice(next, at));
    next = at < base.length && pathOf(base[at]!) === p ? at + 1 : at;
    while (a < added.length && pathOf(added[a]!) === p) parts.push([added[a++]!]);
  }
  parts.push(base.slice(next));
  return ([] as T[]).concat(...parts);
}

import { cmp } from '../model/order.js';
import type { TreeChange } from './git.js';
import { NOT_UTF8 } from './limits.js';
import { listRecord, type Listing } from './listing.js';
import { byCodePoint, kindOfMode, lowerBound, OTHER, type Kind, type Tree } from './tree.js';
import type { SourceEntry } from './types.js';

/** A commit's tree as listed in this run, with the ignore rules its listing applied. */
export interface Listed {
  tree: Tree;
  listing: Listing;
  ignored: (path: string) => boolean;
  maxFileBytes: number;
}

const IGNORE_FILE = '.maestroignore';
const STATUSES = new Set(['A', 'D', 'M', 'T']);

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
 * give here, a size git did not report, or a change that does not fit the tree it is applied to.
 */
export function deriveListed(base: Listed, changes: readonly TreeChange[], sizes: ReadonlyMap<string, number | undefined>): Listed | undefined {
  if (base.tree.oddNames) return undefined;
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
  return { tree, listing, ignored: base.ignored, maxFileBytes: base.maxFileBytes };
}

/** Modes git writes into trees for regular files, executables, links and submodules. */
function knownMode(mode: string): boolean {
  const type = parseInt(mode, 8) & 0o170000;
  return /^[0-7]{6}$/.test(mode) && (type === 0o100000 || type === 0o120000 || type === 0o160000);
}

/** The base tree with each change applied at its place in git's order; undefined when a change does not fit. */
function patchTree(base: Tree, changes: readonly TreeChange[], head: ReadonlyMap<string, { entry: SourceEntry; kind: Kind } | undefined>): Tree | undefined {
  const sorted = [...changes].sort((a, b) => byCodePoint(a.path, b.path));
  const entries: SourceEntry[] = [];
  const kinds: Kind[] = [];
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      entries.push(base.entries[i]!);
      kinds.push(base.kinds[i]!);
    }
  };
  let next = 0;
  for (const c of sorted) {
    const at = lowerBound(base.entries, c.path, (e) => e.path, byCodePoint, next);
    const present = at < base.entries.length && base.entries[at]!.path === c.path;
    // An added path must be new; any other change must find the path, with the kind the change says it had.
    if (present !== (c.status !== 'A') || (present && base.kinds[at] !== kindOfMode(c.srcMode))) return undefined;
    copy(next, at);
    next = present ? at + 1 : at;
    const h = head.get(c.path);
    if (h) {
      entries.push(h.entry);
      kinds.push(h.kind);
    }
  }
  copy(next, base.entries.length);
  return { entries, kinds, oddNames: false };
}

/**
 * `base` (ascending by `cmp` of path, one item per path) without the items at `paths` (ascending) and with `added`
 * (ascending, each at one of `paths`) in their places.
 */
function patchSorted<T>(base: readonly T[], paths: readonly string[], added: readonly T[], pathOf: (t: T) => string): T[] {
  const out: T[] = [];
  let next = 0;
  let a = 0;
  for (const p of paths) {
    const at = lowerBound(base, p, pathOf, cmp, next);
    for (let i = next; i < at; i++) out.push(base[i]!);
    next = at < base.length && pathOf(base[at]!) === p ? at + 1 : at;
    while (a < added.length && pathOf(added[a]!) === p) out.push(added[a++]!);
  }
  for (let i = next; i < base.length; i++) out.push(base[i]!);
  return out;
}

import { cmp, inOrder } from '../model/order.js';
import type { Diagnostic } from '../model/types.js';
import { changedRecords, patchSorted, type Listed } from './derive-listing.js';
import type { TreeChange } from './git.js';
import { fileIgnorer, patternsFrom } from './ignore-rules.js';
import { listRecord, PRESENT, presentPaths, type Listing } from './listing.js';
import { lowerBound } from './tree.js';
import type { SourceEntry } from './types.js';

/**
 * What a later commit's listing needs of a commit's listing when that commit's files are not read again (its
 * analysis is stored): every path it holds, its notes, its entry count, the entries of the few files a run always
 * reads (the manifest, the policy), and the rules it applied. No tree and no entry per file: a PR's head is listed
 * from this and the paths the PR changed, and its detection of every other file comes from the base's analysis,
 * so the 50,000 entries of a large tree are never made, only its paths.
 */
export interface KeptListing {
  /** `presentPaths` of the listing, in `cmp` order. */
  paths: string[];
  /** The listing's diagnostics, in `cmp` order of path. */
  diagnostics: Diagnostic[];
  /** How many entries the listing hands on for reading. */
  entries: number;
  /** The entries `keepEntry` picked, in `cmp` order. */
  roots: SourceEntry[];
  /** The `.maestroignore` text the listing applied ('' when none). */
  ignore: string;
  maxFileBytes: number;
}

/** The kept form of a listing; undefined for a tree with names that are not UTF-8, which no listing is derived from. */
export function keptOf(listed: Listed, keepEntry: (path: string) => boolean): KeptListing | undefined {
  if (listed.tree?.oddNames) return undefined;
  const { listing } = listed;
  return {
    paths: presentPaths(listing),
    diagnostics: listing.diagnostics,
    entries: listing.partial?.entries ?? listing.entries.length,
    roots: listing.entries.filter((e) => keepEntry(e.path)),
    ignore: listed.ignoreText,
    maxFileBytes: listed.maxFileBytes,
  };
}

/**
 * Another commit's listing from a kept one and the paths that differ, as `deriveListed` does from a whole tree:
 * partial (its entries are the changed paths' and the kept roots'), with every present path and the entry count.
 * Undefined when it cannot be told exactly (see `deriveListed`), or the size cap differs.
 */
export function deriveFromKept(
  base: KeptListing,
  changes: readonly TreeChange[],
  sizes: ReadonlyMap<string, number | undefined>,
  maxFileBytes: number,
  keepEntry: (path: string) => boolean,
): { listed: Listed; kept: KeptListing } | undefined {
  if (base.maxFileBytes !== maxFileBytes) return undefined;
  const head = changedRecords(changes, sizes);
  if (!head) return undefined;
  const ignored = fileIgnorer(base.ignore ? patternsFrom(base.ignore) : []);
  const changed = [...head.keys()].sort(cmp);
  const added: Listing = { entries: [], diagnostics: [] };
  const addedPaths: string[] = [];
  for (const p of changed) {
    const h = head.get(p);
    if (!h) continue;
    const had = added.entries.length;
    listRecord(h.entry, h.kind, ignored, maxFileBytes, added);
    const note = added.diagnostics.at(-1);
    if (added.entries.length > had || (note?.path === p && PRESENT.has(note.code))) addedPaths.push(p);
  }
  // A changed path that the base listed and did not note was one of its entries.
  const notedThere = new Set(base.diagnostics.filter((d) => PRESENT.has(d.code)).map((d) => d.path));
  let gone = 0;
  for (const p of changed) {
    const at = lowerBound(base.paths, p, (x) => x, cmp);
    if (base.paths[at] === p && !notedThere.has(p)) gone++;
  }
  const unchangedRoots = base.roots.filter((e) => !head.has(e.path));
  const roots = [...unchangedRoots, ...added.entries.filter((e) => keepEntry(e.path))].sort(byPath);
  const kept: KeptListing = {
    paths: patchSorted(base.paths, changed, addedPaths, (x) => x),
    diagnostics: patchSorted(base.diagnostics, changed, added.diagnostics, (d) => d.path),
    entries: base.entries - gone + added.entries.length,
    roots,
    ignore: base.ignore,
    maxFileBytes,
  };
  const entries = [...added.entries, ...unchangedRoots].sort(byPath);
  const listing: Listing = { entries, diagnostics: kept.diagnostics, partial: { paths: kept.paths, entries: kept.entries } };
  return { listed: { listing, ignored, ignoreText: base.ignore, maxFileBytes }, kept };
}

const byPath = (a: SourceEntry, b: SourceEntry) => cmp(a.path, b.path);

const FORMAT = 'maestro-gate kept listing 1';

/** One JSON line of everything but the paths, then the paths, NUL-separated (no git path holds a NUL). */
export function encodeKept(k: KeptListing): Buffer {
  const head = JSON.stringify({ format: FORMAT, entries: k.entries, ignore: k.ignore, maxFileBytes: k.maxFileBytes, diagnostics: k.diagnostics, roots: k.roots, paths: k.paths.length });
  return Buffer.concat([Buffer.from(head + '\n'), Buffer.from(k.paths.join('\0'))]);
}

/** The kept listing `encodeKept` wrote, or undefined for anything else (a cache entry may hold anything). */
export function decodeKept(body: Buffer): KeptListing | undefined {
  try {
    const nl = body.indexOf(10);
    if (nl < 0) return undefined;
    const h = JSON.parse(body.toString('utf8', 0, nl)) as Record<string, unknown>;
    if (h.format !== FORMAT || !isCount(h.entries) || !isCount(h.paths) || !isCount(h.maxFileBytes) || typeof h.ignore !== 'string') return undefined;
    if (!Array.isArray(h.diagnostics) || !h.diagnostics.every(isDiagnostic) || !Array.isArray(h.roots) || !h.roots.every(isEntry)) return undefined;
    const text = body.toString('utf8', nl + 1);
    const paths = text === '' ? [] : text.split('\0');
    if (paths.length !== h.paths || !inOrder(paths, cmp) || !inOrder(h.diagnostics as Diagnostic[], (a, b) => cmp(a.path, b.path))) return undefined;
    return { paths, diagnostics: h.diagnostics as Diagnostic[], entries: h.entries as number, roots: h.roots as SourceEntry[], ignore: h.ignore, maxFileBytes: h.maxFileBytes as number };
  } catch {
    return undefined;
  }
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

function isDiagnostic(d: unknown): boolean {
  const x = d as Diagnostic;
  return !!x && typeof x === 'object' && typeof x.path === 'string' && typeof x.code === 'string' && typeof x.message === 'string';
}

function isEntry(e: unknown): boolean {
  const x = e as SourceEntry;
  return !!x && typeof x === 'object' && typeof x.path === 'string' && isCount(x.size) && typeof x.blobId === 'string';
}

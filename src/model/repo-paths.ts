import { cmp, inOrder } from './order.js';

// Repository-relative, `/`-separated paths, as evidence and listings hold them.

/** The folder of a path; '' at the repository root. */
export function dirOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function baseOf(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** Which files and folders a repository's listing holds, asked a few hundred times of tens of thousands of paths. */
export interface PathLookup {
  has(file: string): boolean;
  /** A folder with at least one listed path below it; '' (the root) always. */
  hasDir(dir: string): boolean;
  /** The listed paths that start with `prefix`, in the listing's order. */
  startingWith(prefix: string): readonly string[];
}

/**
 * Membership in `paths` by binary search when they come in `cmp` order (a commit's listing: git's order is the
 * paths' byte order), else by sets built on first use. Answers are kept: most questions are asked many times (each
 * importing file asks for the same few module names at the same project root).
 */
export function pathLookup(paths: readonly string[]): PathLookup {
  // One per listing: several linkers ask about the same 50,000 paths, and the order check alone walks them all.
  let lookup = lookups.get(paths);
  if (!lookup) lookups.set(paths, (lookup = newLookup(paths)));
  return lookup;
}

const lookups = new WeakMap<readonly string[], PathLookup>();

function newLookup(paths: readonly string[]): PathLookup {
  const sorted = inOrder(paths, cmp);
  let files: Set<string> | undefined;
  let dirs: Set<string> | undefined;
  const known = new Map<string, boolean>();
  const memo = (key: string, answer: () => boolean): boolean => {
    let hit = known.get(key);
    if (hit === undefined) known.set(key, (hit = answer()));
    return hit;
  };
  return {
    has: (file) =>
      memo(`f${file}`, () => {
        if (sorted) return paths[firstAtLeast(paths, file)] === file;
        return (files ??= new Set(paths)).has(file);
      }),
    hasDir: (dir) =>
      dir === '' ||
      memo(`d${dir}`, () => {
        // Every path below `dir/` sorts together, from the first one not before it.
        if (sorted) return paths[firstAtLeast(paths, `${dir}/`)]?.startsWith(`${dir}/`) ?? false;
        if (!dirs) {
          dirs = new Set();
          for (const p of paths) for (let at = p.indexOf('/'); at >= 0; at = p.indexOf('/', at + 1)) dirs.add(p.slice(0, at));
        }
        return dirs.has(dir);
      }),
    startingWith: (prefix) => {
      if (!sorted) return paths.filter((p) => p.startsWith(prefix));
      const out: string[] = [];
      for (let k = firstAtLeast(paths, prefix); k < paths.length && paths[k]!.startsWith(prefix); k++) out.push(paths[k]!);
      return out;
    },
  };
}

/** The paths of `sorted` (ascending, as `cmp` orders) at or below `prefix`, as isUnder decides; all for ''. */
export function pathsUnder(sorted: readonly string[], prefix: string): readonly string[] {
  if (prefix === '') return sorted;
  const out: string[] = [];
  // `prefix` itself sorts before `prefix.x` and `prefix-y`, which sort before everything below `prefix/`.
  if (sorted[firstAtLeast(sorted, prefix)] === prefix) out.push(prefix);
  const folder = `${prefix}/`;
  for (let k = firstAtLeast(sorted, folder); k < sorted.length && sorted[k]!.startsWith(folder); k++) out.push(sorted[k]!);
  return out;
}

/** The first index of ascending `sorted` whose path is not before `key`. */
function firstAtLeast(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

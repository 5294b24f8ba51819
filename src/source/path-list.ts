import { cmp } from '../model/order.js';

/** What `Source.grepWithout` answers: whether a listed path is in the set git found. */
export interface PathTest {
  has(path: string): boolean;
}

/**
 * Membership in git's NUL-separated list of paths (each after `prefix`, as `git grep` on a revision prints them),
 * without a Set of tens of thousands of strings: the paths are kept sorted by `cmp` (git prints them in tree
 * order, which is that order for the usual paths, so this costs one pass), and questions asked in that order (as
 * a listing asks) are answered by one walk along them; any other question by a binary search.
 */
export class PathList implements PathTest {
  private readonly paths: string[];
  private at = 0;
  private asked: string | undefined;

  constructor(text: string, prefix = '') {
    this.paths = split(text, prefix);
    for (let i = 1; i < this.paths.length; i++) {
      if (!(this.paths[i - 1]! < this.paths[i]!)) {
        this.paths.sort(cmp);
        break;
      }
    }
  }

  has(path: string): boolean {
    const paths = this.paths;
    if (this.asked !== undefined && !(this.asked < path)) this.at = 0; // out of order: search from the start
    this.asked = path;
    let lo = this.at;
    // A few steps along, then halving: the walk costs little per question when most listed paths are in the list.
    for (let steps = 0; lo < paths.length && steps < 8; steps++, lo++) {
      if (!(paths[lo]! < path)) {
        this.at = lo;
        return paths[lo] === path;
      }
    }
    let hi = paths.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (paths[mid]! < path) lo = mid + 1;
      else hi = mid;
    }
    this.at = lo;
    return lo < paths.length && paths[lo] === path;
  }
}

/** The records of `text`, without empty ones and without `prefix` where they start with it. */
function split(text: string, prefix: string): string[] {
  if (prefix && text.startsWith(prefix)) {
    // Splitting on NUL + prefix gives each path as its own string, not a slice of a longer one.
    const parts = text.slice(prefix.length, text.endsWith('\0') ? -1 : text.length).split('\0' + prefix);
    if (parts.every((p) => p !== '' && !p.includes('\0'))) return parts;
  }
  return text
    .split('\0')
    .filter(Boolean)
    .map((p) => (prefix && p.startsWith(prefix) ? p.slice(prefix.length) : p));
}

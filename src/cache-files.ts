import { readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';

/** Marks a cache file used, so pruning (`keepNewest`) keeps what runs still read. */
export function touch(file: string): void {
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // Read-only cache: still usable.
  }
}

/** Removes the files of `dir` that `match` picks beyond the `keep` most recently used (written or touched). */
export function keepNewest(dir: string, match: (name: string) => boolean, keep: number): void {
  const files = readdirSync(dir)
    .filter(match)
    .map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t || (a.f < b.f ? -1 : 1));
  for (const { f } of files.slice(keep)) rmSync(path.join(dir, f), { force: true });
}
